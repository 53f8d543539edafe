// The dev mailbox: with MAIL_PROVIDER=dev, mail optline "sends" is kept in DevMail and shown at
// /dev/mailbox. It holds live sign-up, password-reset and invitation links for every address,
// so it opens only for the person at the machine optline runs on (a loopback client address,
// as server.ts determined it), never for a visitor over the network, signed in or not.
import "server-only";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";

/** Dev mail is kept this long. */
const KEEP_DAYS = 7;

export function isLoopbackAddress(ip: string | null): boolean {
  if (!ip) return false;
  const address = ip.replace(/^::ffff:/i, "");
  return address === "::1" || /^127(\.\d{1,3}){3}$/.test(address);
}

export function devMailboxOpenFor(ip: string | null): boolean {
  return getEnv().mailProvider === "dev" && isLoopbackAddress(ip);
}

export async function listDevMail(options: { limit?: number } = {}) {
  await db.devMail.deleteMany({
    where: { createdAt: { lt: new Date(Date.now() - KEEP_DAYS * 86_400_000) } },
  });
  return db.devMail.findMany({ orderBy: { createdAt: "desc" }, take: options.limit ?? 50 });
}
