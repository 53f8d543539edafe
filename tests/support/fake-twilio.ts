// A local stand-in for api.twilio.com, for the one edge the tests cannot reach. It speaks the
// real Messages API (form-encoded POST, HTTP Basic auth, Twilio's JSON resources and error
// bodies), so the real `twilio` SDK talks to it unchanged via TWILIO_API_URL.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeTwilioMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
  createdAt: Date;
}

export interface FakeTwilioOptions {
  accountSid: string;
  authToken: string;
}

export class FakeTwilio {
  readonly messages: FakeTwilioMessage[] = [];
  /** Numbers that texted STOP to Twilio itself: sending to them fails with 21610. */
  readonly optedOut = new Set<string>();
  private failures: { status: number; code: number; message: string }[] = [];
  private server: Server | undefined;
  url = "";

  constructor(private readonly options: FakeTwilioOptions) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ code: 20500, message: String(error), status: 500 }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }

  /** The next `count` API calls fail with this HTTP status (e.g. 500: Twilio is down). */
  failNext(count: number, status = 500, code = 20500, message = "Internal Server Error"): void {
    for (let i = 0; i < count; i++) this.failures.push({ status, code, message });
  }

  reset(): void {
    this.messages.length = 0;
    this.optedOut.clear();
    this.failures = [];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.url);
    const match = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/.exec(url.pathname);
    if (!match || req.method !== "POST")
      return this.error(res, 404, 20404, "The requested resource was not found");

    const [user, password] = Buffer.from(
      (req.headers.authorization ?? "").replace(/^Basic /, ""),
      "base64",
    )
      .toString()
      .split(":");
    if (
      user !== this.options.accountSid ||
      password !== this.options.authToken ||
      match[1] !== user
    ) {
      return this.error(res, 401, 20003, "Authenticate");
    }
    if (!/^application\/x-www-form-urlencoded/.test(req.headers["content-type"] ?? "")) {
      return this.error(res, 400, 20001, "Expected a form-encoded body");
    }
    const failure = this.failures.shift();
    if (failure) return this.error(res, failure.status, failure.code, failure.message);

    const form = new URLSearchParams(await readBody(req));
    const to = form.get("To");
    const body = form.get("Body");
    const from = form.get("From");
    const messagingServiceSid = form.get("MessagingServiceSid");
    if (!to) return this.error(res, 400, 21604, "A 'To' phone number is required.");
    if (!/^\+[1-9]\d{6,14}$/.test(to))
      return this.error(res, 400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!from && !messagingServiceSid)
      return this.error(res, 400, 21603, "A 'From' phone number is required.");
    if (!body) return this.error(res, 400, 21602, "Message body is required.");
    if (body.length > 1600)
      return this.error(
        res,
        400,
        21617,
        "The concatenated message body exceeds the 1600 character limit.",
      );
    if (this.optedOut.has(to))
      return this.error(res, 400, 21610, "Attempt to send to unsubscribed recipient");

    const message: FakeTwilioMessage = {
      sid: `SM${randomBytes(16).toString("hex")}`,
      accountSid: user,
      to,
      from,
      messagingServiceSid,
      body,
      statusCallback: form.get("StatusCallback"),
      createdAt: new Date(),
    };
    this.messages.push(message);
    res.writeHead(201, { "Content-Type": "application/json" });
    res.end(
      JSON.stringify({
        sid: message.sid,
        account_sid: user,
        api_version: "2010-04-01",
        body,
        date_created: message.createdAt.toUTCString(),
        date_updated: message.createdAt.toUTCString(),
        date_sent: null,
        direction: "outbound-api",
        error_code: null,
        error_message: null,
        from,
        messaging_service_sid: messagingServiceSid,
        num_media: "0",
        num_segments: "1",
        price: null,
        price_unit: "USD",
        status: messagingServiceSid ? "accepted" : "queued",
        subresource_uris: {
          media: `/2010-04-01/Accounts/${user}/Messages/${message.sid}/Media.json`,
        },
        to,
        uri: `/2010-04-01/Accounts/${user}/Messages/${message.sid}.json`,
      }),
    );
  }

  private error(res: ServerResponse, status: number, code: number, message: string): void {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(
      JSON.stringify({
        code,
        message,
        more_info: `https://www.twilio.com/docs/errors/${code}`,
        status,
      }),
    );
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
