// Email + password check behind the sign-in form, with failed attempts throttled
// (login-throttle.ts). An unknown email costs the same time as a wrong password and counts
// the same, so neither the answer nor its timing tells whether an account exists.
import "server-only";
import { db } from "@/lib/db/client";
import { AppError, ErrorCode } from "@/lib/errors";
import { ZSignInSchema } from "@/lib/organizations/account-schemas";
import { loginThrottleKeys, releaseLoginAttempt, reserveLoginAttempt } from "./login-throttle";
import { hashPassword, verifyPassword } from "./password";

let dummyHash: Promise<string> | undefined;

export async function signInWithPassword(options: {
  input: unknown;
  ip: string | null;
  now?: Date;
}): Promise<{ id: string; email: string; name: string } | null> {
  const parsed = ZSignInSchema.safeParse(options.input ?? {});
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const keys = loginThrottleKeys(email, options.ip ?? "unknown");
  const wait = await reserveLoginAttempt({ keys, now: options.now ?? new Date() });
  if (wait > 0) {
    throw new AppError(
      ErrorCode.RATE_LIMITED,
      `Too many failed sign-ins. Wait ${formatWait(wait)} and try again.`,
      { retryAfter: wait },
    );
  }
  const user = await db.user.findUnique({ where: { email } });
  dummyHash ??= hashPassword("timing-equalizer");
  const valid = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
  if (!user || !valid) return null;
  await releaseLoginAttempt({ keys });
  return { id: user.id, email: user.email, name: user.name };
}

function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}
