// The privacy portal's two signed values, stateless and keyed from AUTH_SECRET with HKDF (one
// label each, so neither can be passed off as the other or as any other HMAC in the app):
//
// - the portal session: a short-lived cookie saying "this browser proved it holds <phone>"
//   for one organization (and, from a withdraw link, which list it came for);
// - the withdraw link's token: <subscriberId>.<expiry>.<mac>, short enough for an SMS. The
//   MAC covers the organization, the subscriber, its number and the expiry, so the token
//   opens nothing for another organization, another number or after it expires, and the
//   number itself never appears in the link.
//
// Rotating AUTH_SECRET ends every session and every withdraw link.
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

export const PORTAL_SESSION_MINUTES = 30;
export const WITHDRAW_LINK_DAYS = 30;

function purposeKey(secret: string, label: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), label, 32));
}

function mac(secret: string, label: string, payload: string, bytes = 32): Buffer {
  return createHmac("sha256", purposeKey(secret, label))
    .update(payload)
    .digest()
    .subarray(0, bytes);
}

/** Compares the text, not decoded bytes: base64 has spare bits, so two texts can decode alike. */
function sameBytes(expected: Buffer, given: string): boolean {
  const wanted = Buffer.from(expected.toString("base64url"));
  const actual = Buffer.from(given);
  return actual.length === wanted.length && timingSafeEqual(actual, wanted);
}

// --- Portal session ---------------------------------------------------------------------

const SESSION_LABEL = "optline portal session v1";

export interface PortalSession {
  organizationId: string;
  /** E.164, proven by a code or by a withdraw link. */
  phone: string;
  /** The list a withdraw link was opened for, shown first. */
  subscriberId: string | null;
  expiresAt: Date;
}

export function issuePortalSession(
  options: Omit<PortalSession, "expiresAt"> & { now: Date },
  secret: string,
): { value: string; session: PortalSession } {
  const expiresAt = new Date(options.now.getTime() + PORTAL_SESSION_MINUTES * 60_000);
  const session = {
    organizationId: options.organizationId,
    phone: options.phone,
    subscriberId: options.subscriberId,
    expiresAt,
  };
  const payload = Buffer.from(
    JSON.stringify({
      o: session.organizationId,
      p: session.phone,
      s: session.subscriberId,
      e: Math.floor(expiresAt.getTime() / 1000),
    }),
  ).toString("base64url");
  const signature = mac(secret, SESSION_LABEL, payload).toString("base64url");
  return { value: `${payload}.${signature}`, session };
}

/** The session if the cookie is ours, untampered, unexpired and for this organization. */
export function readPortalSession(
  value: string | null | undefined,
  options: { organizationId: string; now: Date },
  secret: string,
): PortalSession | null {
  if (!value || value.length > 1000) return null;
  const [payload, signature, extra] = value.split(".");
  if (!payload || !signature || extra !== undefined) return null;
  if (!sameBytes(mac(secret, SESSION_LABEL, payload), signature)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<
      string,
      unknown
    >;
    const { o, p, s, e } = claims;
    if (typeof o !== "string" || typeof p !== "string" || typeof e !== "number") return null;
    if (s !== null && typeof s !== "string") return null;
    if (o !== options.organizationId) return null;
    const expiresAt = new Date(e * 1000);
    if (options.now.getTime() >= expiresAt.getTime()) return null;
    return { organizationId: o, phone: p, subscriberId: s, expiresAt };
  } catch {
    return null;
  }
}

// --- Withdraw link ------------------------------------------------------------------------

const WITHDRAW_LABEL = "optline withdraw link v1";
/** 128 bits: plenty against forgery, and 22 characters in the SMS. */
const WITHDRAW_MAC_BYTES = 16;

export interface WithdrawLinkFacts {
  organizationId: string;
  subscriberId: string;
  phone: string;
}

function withdrawPayload(facts: WithdrawLinkFacts, expiry: string): string {
  return `${facts.organizationId}\n${facts.subscriberId}\n${facts.phone}\n${expiry}`;
}

export function issueWithdrawToken(
  facts: WithdrawLinkFacts & { now: Date },
  secret: string,
): string {
  const expiry = Math.floor(facts.now.getTime() / 1000 + WITHDRAW_LINK_DAYS * 86_400).toString(36);
  const signature = mac(secret, WITHDRAW_LABEL, withdrawPayload(facts, expiry), WITHDRAW_MAC_BYTES);
  return `${facts.subscriberId}.${expiry}.${signature.toString("base64url")}`;
}

/** The subscriber id a token names, before anything is looked up; null if it is no token. */
export function parseWithdrawToken(
  token: string,
): { subscriberId: string; expiry: string; signature: string } | null {
  if (token.length > 200) return null;
  const [subscriberId, expiry, signature, extra] = token.split(".");
  if (!subscriberId || !expiry || !signature || extra !== undefined) return null;
  if (!/^[a-z0-9]{1,64}$/i.test(subscriberId) || !/^[a-z0-9]{1,10}$/.test(expiry)) return null;
  return { subscriberId, expiry, signature };
}

export type WithdrawTokenCheck = "valid" | "expired" | "invalid";

/**
 * Checks a token against the subscriber it names, as found in the organization whose portal
 * it was opened on. "expired" only for a genuine token: a forged one is "invalid" whatever
 * its date says.
 */
export function checkWithdrawToken(
  token: string,
  facts: WithdrawLinkFacts,
  now: Date,
  secret: string,
): WithdrawTokenCheck {
  const parsed = parseWithdrawToken(token);
  if (!parsed || parsed.subscriberId !== facts.subscriberId) return "invalid";
  const expected = mac(
    secret,
    WITHDRAW_LABEL,
    withdrawPayload(facts, parsed.expiry),
    WITHDRAW_MAC_BYTES,
  );
  if (!sameBytes(expected, parsed.signature)) return "invalid";
  return now.getTime() >= parseInt(parsed.expiry, 36) * 1000 ? "expired" : "valid";
}
