// Failed sign-ins slow down the one guessing, never the account's owner. Only failures count
// (a successful sign-in costs nothing and clears its own record), per (email, IP) and per IP,
// with delays that grow with each failure: a stranger typing wrong passwords for someone
// else's email from their own network slows down only themselves. There is deliberately no
// limit per email alone: that is exactly what lets anyone lock an owner out.
//
// An attempt reserves its failure before the password is checked (one atomic statement per
// key), so a burst of parallel guesses cannot slip in before the first failures are written;
// a correct password gives the reservation back.
import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db/client";
import type { Tx } from "@/lib/db/types";

export const LOGIN_THROTTLE = {
  /** Failures are forgotten this long after the last one. */
  windowSeconds: 15 * 60,
  /** Failures allowed without any delay, per email and IP (typos), and per IP (offices). */
  freeFailures: { account: 5, ip: 20 },
  maxDelaySeconds: 15 * 60,
} as const;

export type ThrottleScope = keyof typeof LOGIN_THROTTLE.freeFailures;

/** Seconds to wait after the last failure, given the failures so far: 0, then 1, 2, 4… */
export function loginDelaySeconds(failures: number, freeFailures: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(2 ** (failures - freeFailures), LOGIN_THROTTLE.maxDelaySeconds);
}

export function loginThrottleKeys(email: string, ip: string): Record<ThrottleScope, string> {
  const emailHash = createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
  return { account: `account:${emailHash}:${ip}`, ip: `ip:${ip}` };
}

class Refused extends Error {}

/**
 * Counts this attempt as a failure in advance, unless a key is still waiting out its delay.
 * Returns 0 when the attempt may go ahead, else the seconds to wait (nothing is counted then).
 */
export async function reserveLoginAttempt(options: {
  keys: Record<ThrottleScope, string>;
  now: Date;
}): Promise<number> {
  const { keys, now } = options;
  const expiresAt = new Date(now.getTime() + LOGIN_THROTTLE.windowSeconds * 1000);
  try {
    await db.$transaction(async (tx) => {
      for (const scope of ["ip", "account"] as const) {
        const free = LOGIN_THROTTLE.freeFailures[scope];
        if (!(await countFailure(tx, keys[scope], free, now, expiresAt))) throw new Refused();
      }
    });
    return 0;
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
  }
  return secondsToWait(keys, now);
}

/** A correct password: this (email, IP) starts afresh, and the IP gets its reservation back. */
export async function releaseLoginAttempt(options: {
  keys: Record<ThrottleScope, string>;
}): Promise<void> {
  await db.$transaction([
    db.loginThrottle.deleteMany({ where: { key: options.keys.account } }),
    db.loginThrottle.updateMany({
      where: { key: options.keys.ip, failures: { gt: 0 } },
      data: { failures: { decrement: 1 } },
    }),
  ]);
}

/** Drops records nobody will read again. */
export async function pruneLoginThrottle(now = new Date()): Promise<number> {
  const { count } = await db.loginThrottle.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}

async function countFailure(
  tx: Tx,
  key: string,
  freeFailures: number,
  now: Date,
  expiresAt: Date,
): Promise<boolean> {
  // Counted only when the key is not in its delay: expired, under the free failures, or
  // waited long enough since the last failure. The row lock of ON CONFLICT serializes
  // concurrent attempts on one key.
  const rows = await tx.$queryRaw<{ failures: number }[]>`
    INSERT INTO "LoginThrottle" ("key", "failures", "lastFailureAt", "expiresAt")
    VALUES (${key}, 1, ${now}, ${expiresAt})
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE WHEN "LoginThrottle"."expiresAt" <= ${now} THEN 1
                        ELSE "LoginThrottle"."failures" + 1 END,
      "lastFailureAt" = ${now},
      "expiresAt" = ${expiresAt}
    WHERE "LoginThrottle"."expiresAt" <= ${now}
       OR "LoginThrottle"."failures" < ${freeFailures}::int
       OR "LoginThrottle"."lastFailureAt" + make_interval(secs => LEAST(
            power(2, "LoginThrottle"."failures" - ${freeFailures}::int),
            ${LOGIN_THROTTLE.maxDelaySeconds}::int)) <= ${now}
    RETURNING "failures"`;
  return rows.length > 0;
}

async function secondsToWait(keys: Record<ThrottleScope, string>, now: Date): Promise<number> {
  const rows = await db.loginThrottle.findMany({
    where: { key: { in: [keys.account, keys.ip] }, expiresAt: { gt: now } },
  });
  const waits = rows.map((row) => {
    const scope: ThrottleScope = row.key === keys.ip ? "ip" : "account";
    const delay = loginDelaySeconds(row.failures, LOGIN_THROTTLE.freeFailures[scope]);
    return Math.ceil((row.lastFailureAt.getTime() + delay * 1000 - now.getTime()) / 1000);
  });
  return Math.max(1, ...waits);
}
