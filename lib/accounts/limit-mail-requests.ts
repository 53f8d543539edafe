// Forms that send mail to an address someone typed (sign-up, password reset) are limited per
// network and per address, so they cannot be used to flood a mailbox. Both limits apply the
// same whether or not the address has an account.
import "server-only";
import { createHash } from "node:crypto";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import { enforceRateLimits } from "@/lib/rate-limit/check-rate-limit";

const PER_IP_PER_HOUR = { signup: 30, password_reset: 30 } as const;
const PER_EMAIL_PER_HOUR = 5;

export async function limitMailRequests(options: {
  kind: keyof typeof PER_IP_PER_HOUR;
  /** The form's input, as sent: its `email` is limited. */
  input: unknown;
  headers: Headers;
}): Promise<void> {
  const { ip } = requestContextFromHeaders(options.headers);
  const typed = (options.input as { email?: unknown } | null)?.email;
  const email = typeof typed === "string" ? typed.trim().toLowerCase() : "";
  const emailKey = createHash("sha256").update(email).digest("hex");
  await enforceRateLimits(
    [
      // Offices share an address: 30 an hour (sign-up kept its earlier limit).
      {
        key: `${options.kind === "signup" ? "signup-account" : "password-reset"}:ip:${ip ?? "unknown"}`,
        limit: PER_IP_PER_HOUR[options.kind],
        windowSeconds: 3600,
      },
      { key: `mail:${options.kind}:${emailKey}`, limit: PER_EMAIL_PER_HOUR, windowSeconds: 3600 },
    ],
    "Too many requests from your network or for this email. Try again later.",
  );
}
