// Outgoing mail (sign-up links, password resets, invitations). With MAIL_PROVIDER=smtp it goes
// out through SMTP_URL (nodemailer); with dev it is stored for the dev mailbox and never leaves
// the machine, as texts do with the dev SMS provider. Sent inside the request that needs it:
// the person waiting is told at once if it failed, and can ask again.
import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError, ErrorCode } from "@/lib/errors";
import { log } from "@/lib/log/logger";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

const globalForMail = globalThis as typeof globalThis & {
  __optlineMail?: { url: string; transport: Transporter };
};

function smtpTransport(url: string): Transporter {
  const cached = globalForMail.__optlineMail;
  if (cached?.url === url) return cached.transport;
  cached?.transport.close();
  // A mail server that hangs must not hold a sign-up for minutes.
  const transport = nodemailer.createTransport({
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  globalForMail.__optlineMail = { url, transport };
  return transport;
}

export async function sendMail(mail: Mail): Promise<void> {
  const env = getEnv();
  if (env.mailProvider === "dev") {
    await db.devMail.create({ data: mail });
    return;
  }
  try {
    await smtpTransport(env.SMTP_URL!).sendMail({ from: env.mailFrom, ...mail });
  } catch (error) {
    log.error({ event: "mail.send_failed", err: error }, "sending mail failed");
    throw new AppError(
      ErrorCode.UNAVAILABLE,
      "We could not send the email just now. Try again in a few minutes.",
    );
  }
}

/** Closes the SMTP connection pool, if one was opened (tests, scripts). */
export function closeMailTransport(): void {
  globalForMail.__optlineMail?.transport.close();
  globalForMail.__optlineMail = undefined;
}
