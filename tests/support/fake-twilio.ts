// A local stand-in for api.twilio.com and verify.twilio.com, for the one edge the tests cannot
// reach. It speaks the real Messages API and the Verify v2 API (form-encoded POST, HTTP Basic
// auth, Twilio's JSON resources and error bodies), so the real `twilio` SDK talks to it
// unchanged via TWILIO_API_URL (which replaces both origins; requests are routed by path).
import { randomBytes, randomInt } from "node:crypto";
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

export type FakeVerifyChannel = "sms" | "call" | "whatsapp";

export interface FakeVerification {
  sid: string;
  serviceSid: string;
  to: string;
  /** The channel of the latest send. */
  channel: FakeVerifyChannel;
  status: "pending" | "approved" | "canceled";
  /** What the phone received (tests read it as a person would). */
  code: string;
  sends: { channel: FakeVerifyChannel; at: Date }[];
  checkAttempts: number;
  createdAt: Date;
}

/** Twilio Verify's defaults: 5 sends and 5 checks per verification. */
export const FAKE_VERIFY_MAX_SENDS = 5;
export const FAKE_VERIFY_MAX_CHECKS = 5;

export interface FakeTwilioOptions {
  accountSid: string;
  authToken: string;
}

export class FakeTwilio {
  readonly messages: FakeTwilioMessage[] = [];
  readonly verifications: FakeVerification[] = [];
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
    this.verifications.length = 0;
    this.optedOut.clear();
    this.failures = [];
  }

  /** The pending verification for a number, as Twilio keeps it (one per service and number). */
  pendingVerification(to: string): FakeVerification | undefined {
    return this.verifications.find((v) => v.to === to && v.status === "pending");
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.url);
    const verify = /^\/v2\/Services\/(VA[0-9a-f]{32})\/(Verifications|VerificationCheck)$/.exec(
      url.pathname,
    );
    if (verify) return this.handleVerify(req, res, verify[1]!, verify[2]!);
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

  private authenticate(req: IncomingMessage): string | null {
    const [user, password] = Buffer.from(
      (req.headers.authorization ?? "").replace(/^Basic /, ""),
      "base64",
    )
      .toString()
      .split(":");
    return user === this.options.accountSid && password === this.options.authToken ? user : null;
  }

  private async handleVerify(
    req: IncomingMessage,
    res: ServerResponse,
    serviceSid: string,
    resource: string,
  ): Promise<void> {
    if (req.method !== "POST")
      return this.error(res, 404, 20404, "The requested resource was not found");
    const accountSid = this.authenticate(req);
    if (!accountSid) return this.error(res, 401, 20003, "Authenticate");
    if (!/^application\/x-www-form-urlencoded/.test(req.headers["content-type"] ?? "")) {
      return this.error(res, 400, 20001, "Expected a form-encoded body");
    }
    const failure = this.failures.shift();
    if (failure) return this.error(res, failure.status, failure.code, failure.message);
    const form = new URLSearchParams(await readBody(req));
    const to = form.get("To") ?? "";
    const now = new Date();

    if (resource === "Verifications") {
      const channel = form.get("Channel");
      if (!/^\+[1-9]\d{6,14}$/.test(to))
        return this.error(res, 400, 60200, "Invalid parameter `To`: " + to);
      if (channel !== "sms" && channel !== "call" && channel !== "whatsapp")
        return this.error(res, 400, 60200, "Invalid parameter: Channel");
      // A pending verification for the number is re-sent with the same code, as Twilio does.
      let verification = this.pendingVerification(to);
      if (verification && verification.sends.length >= FAKE_VERIFY_MAX_SENDS)
        return this.error(res, 429, 60203, "Max send attempts reached");
      if (!verification) {
        verification = {
          sid: `VE${randomBytes(16).toString("hex")}`,
          serviceSid,
          to,
          channel,
          status: "pending",
          code: String(randomInt(1_000_000)).padStart(6, "0"),
          sends: [],
          checkAttempts: 0,
          createdAt: now,
        };
        this.verifications.push(verification);
      }
      verification.channel = channel;
      verification.sends.push({ channel, at: now });
      return this.json(res, 201, this.verificationResource(verification, accountSid, now));
    }

    const code = form.get("Code");
    const verificationSid = form.get("VerificationSid");
    if (!code) return this.error(res, 400, 60200, "Invalid parameter: Code");
    const verification = verificationSid
      ? this.verifications.find((v) => v.sid === verificationSid && v.status === "pending")
      : this.pendingVerification(to);
    if (!verification) return this.error(res, 404, 20404, "The requested resource was not found");
    if (verification.checkAttempts >= FAKE_VERIFY_MAX_CHECKS) {
      verification.status = "canceled";
      return this.error(res, 429, 60202, "Max check attempts reached");
    }
    verification.checkAttempts += 1;
    if (code === verification.code) verification.status = "approved";
    const resource_ = this.verificationResource(verification, accountSid, now);
    return this.json(res, 200, {
      sid: resource_.sid,
      service_sid: serviceSid,
      account_sid: accountSid,
      to: verification.to,
      channel: verification.channel,
      status: verification.status,
      valid: verification.status === "approved",
      amount: null,
      payee: null,
      date_created: verification.createdAt.toISOString(),
      date_updated: now.toISOString(),
      sna_attempts_error_codes: [],
    });
  }

  private verificationResource(verification: FakeVerification, accountSid: string, now: Date) {
    return {
      sid: verification.sid,
      service_sid: verification.serviceSid,
      account_sid: accountSid,
      to: verification.to,
      channel: verification.channel,
      status: verification.status,
      valid: verification.status === "approved",
      date_created: verification.createdAt.toISOString(),
      date_updated: now.toISOString(),
      lookup: { carrier: null },
      amount: null,
      payee: null,
      send_code_attempts: verification.sends.map((send) => ({
        attempt_sid: `VL${randomBytes(16).toString("hex")}`,
        channel: send.channel,
        time: send.at.toISOString(),
      })),
      sna: null,
      url: `https://verify.twilio.com/v2/Services/${verification.serviceSid}/Verifications/${verification.sid}`,
    };
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
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
