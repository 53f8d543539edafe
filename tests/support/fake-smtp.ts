// A local SMTP server (nodemailer's smtp-server, the real protocol) standing in for the mail
// server at the network edge. It keeps what it received, parsed as a mail client would.
import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { resetEnvCache } from "@/lib/env";
import { closeMailTransport } from "@/lib/mail/send-mail";

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
}

export class FakeSmtp {
  readonly received: ReceivedMail[] = [];
  private server: SMTPServer | undefined;
  url = "";

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            this.received.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              subject: mail.subject ?? "",
              text: mail.text ?? "",
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.server.address() as AddressInfo;
    this.url = `smtp://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(resolve) : resolve()));
  }
}

/** Sends the app's mail through `url`; returns the function that puts the settings back. */
export function useSmtp(url: string): () => void {
  const saved = { MAIL_PROVIDER: process.env.MAIL_PROVIDER, SMTP_URL: process.env.SMTP_URL };
  Object.assign(process.env, { MAIL_PROVIDER: "smtp", SMTP_URL: url });
  resetEnvCache();
  closeMailTransport();
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnvCache();
    closeMailTransport();
  };
}
