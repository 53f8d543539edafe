// Sending rate per sender, shared by every app server: a token bucket per sender in the
// database (SendRateBucket), refilled at the sender's rate and holding at most one second's
// worth (at least one token). The outbox takes the tokens for a claimed batch in one statement
// (the row lock orders the servers); a message without a token goes back to the queue, due
// when its token will be. So a burst of signups on a long code waits in our queue at 1/s
// instead of overflowing Twilio's (error 30001) or being refused (429).
import "server-only";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import type { SenderNumberType } from "@/lib/generated/prisma/enums";

/** Carriers' and Twilio's usual throughput per number type (messages per second). */
export const DEFAULT_MESSAGES_PER_SECOND: Record<SenderNumberType, number> = {
  LONG_CODE: 1,
  TOLL_FREE: 3,
  SHORT_CODE: 100,
  // A messaging service's throughput is what its numbers (and Twilio's settings) give it:
  // configure it on the sender; one long code's rate until then.
  MESSAGING_SERVICE: 1,
};

/** The bucket of the installation's default sender. */
export const DEFAULT_SENDER_KEY = "default";

export function senderRate(sender: {
  numberType: SenderNumberType;
  messagesPerSecond: number | null;
}): number {
  return sender.messagesPerSecond ?? DEFAULT_MESSAGES_PER_SECOND[sender.numberType];
}

/** The default sender is paced only when DEFAULT_SENDER_MESSAGES_PER_SECOND is set. */
export function defaultSenderRate(): number | null {
  const env = getEnv();
  if (env.smsProvider !== "twilio") return null;
  return env.DEFAULT_SENDER_MESSAGES_PER_SECOND ?? null;
}

export interface TakenTokens {
  granted: number;
  /** Milliseconds after now at which the i-th message not granted (0-based) gets its token. */
  dueInMs(index: number): number;
}

/**
 * Takes up to `want` tokens from the bucket `key` refilled at `rate` per second. One statement
 * (two the first time a sender sends): the row is locked, refilled for the time since its last
 * take, and debited; a concurrent take on another server waits for the lock and sees the result.
 */
export async function takeSendTokens(
  key: string,
  rate: number,
  want: number,
): Promise<TakenTokens> {
  const capacity = Math.max(1, rate);
  for (let attempt = 0; attempt < 2; attempt++) {
    const [row] = await db.$queryRaw<{ granted: number; left: number }[]>`
      WITH "current" AS (
        SELECT "key", LEAST(${capacity}::float8, "tokens" + GREATEST(0,
          EXTRACT(EPOCH FROM (clock_timestamp() - "refilledAt"))) * ${rate}::float8) AS "available"
        FROM "SendRateBucket" WHERE "key" = ${key}
        FOR UPDATE
      )
      UPDATE "SendRateBucket" AS b
      SET "tokens" = c."available" - LEAST(FLOOR(c."available"), ${want}::int),
          "refilledAt" = clock_timestamp()
      FROM "current" c
      WHERE b."key" = c."key"
      RETURNING LEAST(FLOOR(c."available"), ${want}::int)::int AS "granted", b."tokens" AS "left"`;
    if (row) {
      const left = Number(row.left);
      return {
        granted: row.granted,
        dueInMs: (index) => Math.ceil(((index + 1 - left) / rate) * 1000),
      };
    }
    // First send of this sender: a full bucket.
    await db.$executeRaw`
      INSERT INTO "SendRateBucket" ("key", "tokens", "refilledAt")
      VALUES (${key}, ${capacity}::float8, clock_timestamp())
      ON CONFLICT ("key") DO NOTHING`;
  }
  throw new Error(`Send-rate bucket ${key} could not be read`);
}
