// A local stand-in for api.twilio.com, verify.twilio.com and messaging.twilio.com, for the one
// edge the tests cannot reach. It speaks the real Messages API (create: form-encoded POST;
// list: GET with To, From, DateSent filters and Twilio's paging envelope), the Verify v2 API,
// and what a sender's "Check connection" uses (the account, its IncomingPhoneNumbers and their
// SmsUrl, messaging services and their InboundRequestUrl), with HTTP Basic auth per account
// (its auth token or an API key), Twilio's JSON resources and error bodies, so the real
// `twilio` SDK talks to it unchanged via TWILIO_API_URL (which replaces every origin; requests
// are routed by path). Faults: failing answers, a slow or hanging Twilio, and a connection
// dropped after the message was accepted.
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
  /** Set once "handed to the carrier" (at once, unless the test holds the queue). */
  dateSent: Date | null;
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

/** An account the fake knows: its auth token and API keys (SK… → secret). */
export interface FakeTwilioAccount {
  sid: string;
  authToken: string;
  friendlyName: string;
  apiKeys: Map<string, string>;
}

/** An IncomingPhoneNumber: where Twilio posts the texts it receives (SmsUrl). */
export interface FakeIncomingNumber {
  sid: string;
  accountSid: string;
  phoneNumber: string;
  smsUrl: string;
  smsMethod: string;
}

/** A messaging service: its inbound webhook, and whether its numbers keep their own. */
export interface FakeMessagingService {
  sid: string;
  accountSid: string;
  friendlyName: string;
  inboundRequestUrl: string | null;
  useInboundWebhookOnNumber: boolean;
}

export class FakeTwilio {
  readonly messages: FakeTwilioMessage[] = [];
  readonly verifications: FakeVerification[] = [];
  /** Numbers that texted STOP to Twilio itself: sending to them fails with 21610. */
  readonly optedOut = new Set<string>();
  private failures: { status: number; code: number; message: string }[] = [];
  private server: Server | undefined;
  private held: (() => void)[] = [];
  private holding = false;
  private dropNextAnswers = 0;
  /** Milliseconds every create waits before answering (a slow Twilio). */
  latencyMs = 0;
  /** Creates Twilio accepted and has not answered yet (a slow or held Twilio). */
  pendingCreates = 0;
  /** Creates answered with the message resource. */
  answeredCreates = 0;
  /** When each message's answer was written, by SID. */
  readonly answeredAt = new Map<string, Date>();
  /** Called right after an answer is written (fault runs kill the sender there). */
  onAnswer: ((message: FakeTwilioMessage) => void) | null = null;
  /** While set, every create and list request fails with this status (Twilio is down). */
  down: { status: number; code: number; message: string } | null = null;
  /** List (GET) requests served, as the SDK sent them. */
  readonly listRequests: URLSearchParams[] = [];
  url = "";
  readonly accounts = new Map<string, FakeTwilioAccount>();
  readonly incomingNumbers: FakeIncomingNumber[] = [];
  readonly messagingServices: FakeMessagingService[] = [];

  constructor(private readonly options: FakeTwilioOptions) {
    this.addAccount(options.accountSid, options.authToken);
  }

  /** Another Twilio account (an organization's own), with its auth token. */
  addAccount(sid: string, authToken: string, friendlyName = `Account ${sid.slice(-4)}`): this {
    this.accounts.set(sid, { sid, authToken, friendlyName, apiKeys: new Map() });
    return this;
  }

  addApiKey(accountSid: string, keySid: string, secret: string): this {
    this.accounts.get(accountSid)?.apiKeys.set(keySid, secret);
    return this;
  }

  /** A number the account owns (PN sid), with its current SmsUrl. */
  addIncomingNumber(accountSid: string, phoneNumber: string, smsUrl = ""): FakeIncomingNumber {
    const number = {
      sid: `PN${randomBytes(16).toString("hex")}`,
      accountSid,
      phoneNumber,
      smsUrl,
      smsMethod: "POST",
    };
    this.incomingNumbers.push(number);
    return number;
  }

  addMessagingService(accountSid: string, sid: string): FakeMessagingService {
    const service = {
      sid,
      accountSid,
      friendlyName: `Service ${sid.slice(-4)}`,
      inboundRequestUrl: null,
      useInboundWebhookOnNumber: false,
    };
    this.messagingServices.push(service);
    return service;
  }

  /** `port`: 0 lets the system pick one (a spec whose server was told the port gives it). */
  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ code: 20500, message: String(error), status: 500 }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
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
    this.listRequests.length = 0;
    this.optedOut.clear();
    this.failures = [];
    this.dropNextAnswers = 0;
    this.latencyMs = 0;
    this.answeredCreates = 0;
    this.answeredAt.clear();
    this.down = null;
    this.incomingNumbers.length = 0;
    this.messagingServices.length = 0;
    for (const sid of [...this.accounts.keys()]) {
      if (sid !== this.options.accountSid) this.accounts.delete(sid);
    }
    this.release();
  }

  /** Create requests hang (Twilio accepts the connection, never answers) until release(). */
  hold(): void {
    this.holding = true;
  }

  release(): void {
    this.holding = false;
    for (const resume of this.held.splice(0)) resume();
  }

  /** The next `count` creates are accepted (the message exists) but the connection drops before the answer. */
  dropAnswers(count: number): void {
    this.dropNextAnswers += count;
  }

  /** How many messages went to `to`, as the phone would count them. */
  sentTo(to: string): FakeTwilioMessage[] {
    return this.messages.filter((message) => message.to === to);
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
    const service = /^\/v1\/Services\/(MG[0-9a-f]{32})$/.exec(url.pathname);
    if (service) return this.handleService(req, res, service[1]!);
    const account = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\.json$/.exec(url.pathname);
    if (account) return this.handleAccount(req, res, account[1]!);
    const numbers =
      /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/IncomingPhoneNumbers(?:\/(PN[0-9a-f]{32}))?\.json$/.exec(
        url.pathname,
      );
    if (numbers) return this.handleNumbers(req, res, url, numbers[1]!, numbers[2]);
    const match = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/.exec(url.pathname);
    if (!match || (req.method !== "POST" && req.method !== "GET"))
      return this.error(res, 404, 20404, "The requested resource was not found");
    if (req.method === "GET") return this.handleList(req, res, url, match[1]!);

    const user = this.authenticate(req);
    if (!user || match[1] !== user) {
      return this.error(res, 401, 20003, "Authenticate");
    }
    if (!/^application\/x-www-form-urlencoded/.test(req.headers["content-type"] ?? "")) {
      return this.error(res, 400, 20001, "Expected a form-encoded body");
    }
    const failure = this.down ?? this.failures.shift();
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
      dateSent: null,
    };
    this.messages.push(message);
    // Twilio has the message; a slow or hanging Twilio only answers later (or never).
    this.pendingCreates += 1;
    try {
      if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
      if (this.holding) await new Promise<void>((resolve) => this.held.push(resolve));
    } finally {
      this.pendingCreates -= 1;
    }
    if (this.dropNextAnswers > 0) {
      // Twilio took the message; the answer never reaches the app.
      this.dropNextAnswers -= 1;
      req.socket.destroy();
      return;
    }
    res.writeHead(201, { "Content-Type": "application/json" });
    res.end(
      JSON.stringify(this.messageResource(message, messagingServiceSid ? "accepted" : "queued")),
    );
    this.answeredCreates += 1;
    this.answeredAt.set(message.sid, new Date());
    this.onAnswer?.(message);
    // The carrier has it a moment later: date_sent is set and the status is "sent".
    message.dateSent = new Date();
  }

  private messageResource(message: FakeTwilioMessage, status?: string) {
    const user = message.accountSid;
    return {
      sid: message.sid,
      account_sid: user,
      api_version: "2010-04-01",
      body: message.body,
      date_created: message.createdAt.toUTCString(),
      date_updated: (message.dateSent ?? message.createdAt).toUTCString(),
      date_sent: message.dateSent?.toUTCString() ?? null,
      direction: "outbound-api",
      error_code: null,
      error_message: null,
      // A messaging service picks the number after the create answer (which says null).
      from: message.from ?? (status || !message.messagingServiceSid ? null : "+12025550199"),
      messaging_service_sid: message.messagingServiceSid,
      num_media: "0",
      num_segments: "1",
      price: null,
      price_unit: "USD",
      status: status ?? (message.dateSent ? "sent" : "queued"),
      subresource_uris: {
        media: `/2010-04-01/Accounts/${user}/Messages/${message.sid}/Media.json`,
      },
      to: message.to,
      uri: `/2010-04-01/Accounts/${user}/Messages/${message.sid}.json`,
    };
  }

  /**
   * GET Messages.json: To, From, DateSent (=, <, >: a GMT date or date-time) filters, newest
   * first, PageSize (default 50, at most 1000) and Page/PageToken paging, in Twilio's envelope.
   */
  private handleList(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    accountSid: string,
  ): void {
    if (this.authenticate(req) !== accountSid) return this.error(res, 401, 20003, "Authenticate");
    const failure = this.down ?? this.failures.shift();
    if (failure) return this.error(res, failure.status, failure.code, failure.message);
    const query = url.searchParams;
    this.listRequests.push(new URLSearchParams(query));
    const day = (value: string) => value.slice(0, 10);
    const dateFilters: [string, (sent: string, bound: string) => boolean][] = [
      ["DateSent", (sent, bound) => sent === bound],
      ["DateSent<", (sent, bound) => sent <= bound],
      ["DateSent>", (sent, bound) => sent >= bound],
    ];
    const matching = this.messages
      .filter((m) => m.accountSid === accountSid)
      .filter((m) => !query.has("To") || m.to === query.get("To"))
      .filter((m) => !query.has("From") || m.from === query.get("From"))
      .filter((m) =>
        dateFilters.every(([name, test]) => {
          const bound = query.get(name);
          // A message not yet sent has no date_sent, so no DateSent filter matches it.
          if (bound === null) return true;
          return m.dateSent !== null && test(day(m.dateSent.toISOString()), day(bound));
        }),
      )
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    const pageSize = Math.min(Math.max(Number(query.get("PageSize") ?? 50) || 50, 1), 1000);
    const page = Math.max(Number(query.get("Page") ?? 0) || 0, 0);
    const start = page * pageSize;
    const items = matching.slice(start, start + pageSize);
    const base = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
    const pageUri = (n: number) => {
      const params = new URLSearchParams(query);
      params.set("PageSize", String(pageSize));
      params.set("Page", String(n));
      if (n > 0) params.set("PageToken", `PA${String(n).padStart(32, "0")}`);
      else params.delete("PageToken");
      return `${base}?${params.toString()}`;
    };
    this.json(res, 200, {
      end: start + Math.max(items.length - 1, 0),
      first_page_uri: pageUri(0),
      messages: items.map((message) => this.messageResource(message)),
      next_page_uri: start + pageSize < matching.length ? pageUri(page + 1) : null,
      page,
      page_size: pageSize,
      previous_page_uri: page > 0 ? pageUri(page - 1) : null,
      start,
      uri: `${base}?${url.searchParams.toString()}`,
    });
  }

  /** The account the request's Basic auth is for (its SID and auth token, or an API key of it). */
  private authenticate(req: IncomingMessage): string | null {
    const [user, password] = Buffer.from(
      (req.headers.authorization ?? "").replace(/^Basic /, ""),
      "base64",
    )
      .toString()
      .split(":");
    if (!user || password === undefined) return null;
    const account = this.accounts.get(user);
    if (account) return account.authToken === password ? account.sid : null;
    for (const candidate of this.accounts.values()) {
      if (candidate.apiKeys.get(user) === password) return candidate.sid;
    }
    return null;
  }

  /** GET /2010-04-01/Accounts/{Sid}.json: the account resource. */
  private handleAccount(req: IncomingMessage, res: ServerResponse, accountSid: string): void {
    if (req.method !== "GET") return this.error(res, 405, 20004, "Method not allowed");
    if (this.authenticate(req) !== accountSid) return this.error(res, 401, 20003, "Authenticate");
    const account = this.accounts.get(accountSid)!;
    this.json(res, 200, {
      sid: account.sid,
      owner_account_sid: account.sid,
      friendly_name: account.friendlyName,
      status: "active",
      type: "Full",
      auth_token: account.authToken,
      date_created: new Date(0).toUTCString(),
      date_updated: new Date(0).toUTCString(),
      uri: `/2010-04-01/Accounts/${account.sid}.json`,
      subresource_uris: {
        incoming_phone_numbers: `/2010-04-01/Accounts/${account.sid}/IncomingPhoneNumbers.json`,
        messages: `/2010-04-01/Accounts/${account.sid}/Messages.json`,
      },
    });
  }

  /** IncomingPhoneNumbers: list (PhoneNumber filter, paging envelope) and update (SmsUrl). */
  private async handleNumbers(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    accountSid: string,
    numberSid: string | undefined,
  ): Promise<void> {
    if (this.authenticate(req) !== accountSid) return this.error(res, 401, 20003, "Authenticate");
    const base = `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers`;
    if (!numberSid) {
      if (req.method !== "GET") return this.error(res, 405, 20004, "Method not allowed");
      const wanted = url.searchParams.get("PhoneNumber");
      const items = this.incomingNumbers
        .filter((n) => n.accountSid === accountSid)
        .filter((n) => !wanted || n.phoneNumber === wanted);
      const pageSize = Math.min(
        Math.max(Number(url.searchParams.get("PageSize") ?? 50) || 50, 1),
        1000,
      );
      return this.json(res, 200, {
        end: Math.max(Math.min(items.length, pageSize) - 1, 0),
        first_page_uri: `${base}.json?PageSize=${pageSize}&Page=0`,
        incoming_phone_numbers: items.slice(0, pageSize).map((n) => this.numberResource(n)),
        next_page_uri: null,
        page: 0,
        page_size: pageSize,
        previous_page_uri: null,
        start: 0,
        uri: `${base}.json?${url.searchParams.toString()}`,
      });
    }
    const number = this.incomingNumbers.find(
      (n) => n.sid === numberSid && n.accountSid === accountSid,
    );
    if (!number) return this.error(res, 404, 20404, "The requested resource was not found");
    if (req.method === "POST") {
      const form = new URLSearchParams(await readBody(req));
      if (form.has("SmsUrl")) number.smsUrl = form.get("SmsUrl") ?? "";
      if (form.has("SmsMethod")) number.smsMethod = form.get("SmsMethod") ?? "POST";
    } else if (req.method !== "GET") {
      return this.error(res, 405, 20004, "Method not allowed");
    }
    this.json(res, 200, this.numberResource(number));
  }

  private numberResource(number: FakeIncomingNumber) {
    return {
      sid: number.sid,
      account_sid: number.accountSid,
      phone_number: number.phoneNumber,
      friendly_name: number.phoneNumber,
      sms_url: number.smsUrl,
      sms_method: number.smsMethod,
      sms_fallback_url: "",
      capabilities: { sms: true, mms: true, voice: true, fax: false },
      date_created: new Date(0).toUTCString(),
      date_updated: new Date(0).toUTCString(),
      uri: `/2010-04-01/Accounts/${number.accountSid}/IncomingPhoneNumbers/${number.sid}.json`,
    };
  }

  /** messaging.twilio.com/v1/Services/{MG}: fetch and update (InboundRequestUrl). */
  private async handleService(
    req: IncomingMessage,
    res: ServerResponse,
    serviceSid: string,
  ): Promise<void> {
    const accountSid = this.authenticate(req);
    if (!accountSid) return this.error(res, 401, 20003, "Authenticate");
    const service = this.messagingServices.find(
      (s) => s.sid === serviceSid && s.accountSid === accountSid,
    );
    if (!service) return this.error(res, 404, 20404, "The requested resource was not found");
    if (req.method === "POST") {
      const form = new URLSearchParams(await readBody(req));
      if (form.has("InboundRequestUrl")) service.inboundRequestUrl = form.get("InboundRequestUrl");
      if (form.has("UseInboundWebhookOnNumber"))
        service.useInboundWebhookOnNumber = form.get("UseInboundWebhookOnNumber") === "true";
    } else if (req.method !== "GET") {
      return this.error(res, 405, 20004, "Method not allowed");
    }
    this.json(res, 200, {
      sid: service.sid,
      account_sid: service.accountSid,
      friendly_name: service.friendlyName,
      inbound_request_url: service.inboundRequestUrl,
      inbound_method: "POST",
      fallback_url: null,
      status_callback: null,
      sticky_sender: true,
      use_inbound_webhook_on_number: service.useInboundWebhookOnNumber,
      usecase: "marketing",
      date_created: new Date(0).toISOString(),
      date_updated: new Date(0).toISOString(),
      url: `https://messaging.twilio.com/v1/Services/${service.sid}`,
      links: {
        phone_numbers: `https://messaging.twilio.com/v1/Services/${service.sid}/PhoneNumbers`,
      },
    });
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
