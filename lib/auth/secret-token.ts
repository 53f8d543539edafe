// Random tokens for links and sessions. Only their SHA-256 is ever stored: a database leak
// gives nobody a usable link or session.
import { createHash, randomBytes } from "node:crypto";

/** 256 random bits, URL-safe. */
export function newSecretToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashSecretToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A token as it may appear in a link: anything else is refused before touching the database. */
export function isWellFormedToken(token: unknown): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}
