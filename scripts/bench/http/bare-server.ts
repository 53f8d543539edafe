// The bare baseline of bench:http: plain node:http and a pg Pool doing the database work of
// optline's two hot paths, each in one transaction, with nothing else (no framework, no ORM,
// no rate limits or fraud checks, no background send). It writes the same rows, with the same
// evidence hash, to a database migrated with optline's own migrations.
//   POST /signup/<formId>   the public signup JSON → upsert subscriber, consent, evidence, outbox row
//   POST /webhook           a signed Twilio inbound SMS ("YES") → inbound row, subscriber and
//                           consent confirmed, evidence, reply row; answered with TwiML
// Env: DATABASE_URL, PORT, PUBLIC_BASE_URL, TWILIO_AUTH_TOKEN, POOL_SIZE.
import { createHmac, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import pg from "pg";
import { computeEventHash } from "@/lib/consent-events/event-hash";

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.POOL_SIZE ?? 10),
});
const publicBaseUrl = process.env.PUBLIC_BASE_URL ?? "";
const authToken = process.env.TWILIO_AUTH_TOKEN ?? "";
const SENDER = "+15005550006";

interface FormRow {
  id: string;
  organizationId: string;
  audienceId: string;
  slug: string;
  versionId: string;
  version: number;
  locale: string;
  consentTextSha256: string;
  buttonLabel: string;
  confirmationMessage: string;
}
// Published versions are immutable: a bare handler may cache them as optline does.
const forms = new Map<string, FormRow>();

async function loadForms(): Promise<void> {
  const { rows } = await pool.query<FormRow>(`
    SELECT DISTINCT ON (f."id") f."id", f."organizationId", f."audienceId", f."slug",
      v."id" AS "versionId", v."version", v."locale", v."consentTextSha256", v."buttonLabel",
      v."confirmationMessage"
    FROM "SignupForm" f JOIN "SignupFormVersion" v ON v."formId" = f."id"
    WHERE v."publishedAt" IS NOT NULL ORDER BY f."id", v."version" DESC`);
  for (const row of rows) forms.set(row.slug, row);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

async function transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** Appends one evidence event to a subscriber's chain (the row lock is already held). */
async function appendEvent(
  client: pg.PoolClient,
  event: {
    organizationId: string;
    subscriberId: string;
    type: string;
    data: unknown;
    actorType: string;
    actorName: string | null;
    ip: string | null;
    userAgent: string | null;
    createdAt: Date;
  },
): Promise<void> {
  const { rows } = await client.query<{ seq: number; hash: string }>(
    `SELECT "seq", "hash" FROM "ConsentEvent" WHERE "organizationId" = $1 AND "chainId" = $2
     ORDER BY "seq" DESC LIMIT 1`,
    [event.organizationId, event.subscriberId],
  );
  const fields = {
    id: randomUUID(),
    organizationId: event.organizationId,
    subscriberId: event.subscriberId,
    chainId: event.subscriberId,
    seq: (rows[0]?.seq ?? 0) + 1,
    prevHash: rows[0]?.hash ?? null,
    type: event.type,
    data: event.data,
    actorType: event.actorType,
    actorId: null,
    actorName: event.actorName,
    ip: event.ip,
    userAgent: event.userAgent,
    createdAt: event.createdAt,
  };
  await client.query(
    `INSERT INTO "ConsentEvent" ("id", "organizationId", "subscriberId", "chainId", "seq",
       "prevHash", "hash", "type", "data", "actorType", "actorId", "actorName", "ip",
       "userAgent", "createdAt")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [
      fields.id,
      fields.organizationId,
      fields.subscriberId,
      fields.chainId,
      fields.seq,
      fields.prevHash,
      computeEventHash(fields),
      fields.type,
      JSON.stringify(fields.data),
      fields.actorType,
      null,
      fields.actorName,
      fields.ip,
      fields.userAgent,
      fields.createdAt,
    ],
  );
}

async function signup(req: IncomingMessage, res: ServerResponse, slug: string): Promise<void> {
  const form = forms.get(slug);
  if (!form) return answer(res, 404, "application/json", '{"error":"form"}');
  const input = JSON.parse(await readBody(req)) as {
    phone: string;
    country: string;
    marketingConsent: boolean;
    pageUrl?: string;
    referrer?: string;
  };
  if (!/^\+\d{8,15}$/.test(input.phone) || input.marketingConsent !== true) {
    return answer(res, 422, "application/json", '{"error":"input"}');
  }
  const ip = String(req.headers["x-forwarded-for"] ?? req.socket.remoteAddress ?? "");
  const now = new Date();
  await transaction(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO "Subscriber" ("id", "organizationId", "audienceId", "phone", "country",
         "locale", "status", "formId", "formVersionId", "lastSignupSmsAt", "createdAt", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, $6, 'PENDING', $7, $8, $9, $9, $9)
       ON CONFLICT ("audienceId", "phone") DO UPDATE SET "status" = 'PENDING',
         "formVersionId" = EXCLUDED."formVersionId", "lastSignupSmsAt" = EXCLUDED."lastSignupSmsAt",
         "unsubscribedAt" = NULL, "deletedAt" = NULL, "updatedAt" = EXCLUDED."updatedAt"
       RETURNING "id"`,
      [
        randomUUID(),
        form.organizationId,
        form.audienceId,
        input.phone,
        input.country,
        form.locale,
        form.id,
        form.versionId,
        now,
      ],
    );
    const subscriberId = rows[0]!.id;
    await client.query(
      `INSERT INTO "Consent" ("id", "organizationId", "subscriberId", "purpose", "grantedAt",
         "grantMethod", "updatedAt")
       VALUES ($1, $2, $3, 'MARKETING', $4, 'form', $4)
       ON CONFLICT ("subscriberId", "purpose") DO UPDATE SET "grantedAt" = EXCLUDED."grantedAt",
         "grantMethod" = 'form', "confirmedAt" = NULL, "revokedAt" = NULL, "revokeMethod" = NULL,
         "updatedAt" = EXCLUDED."updatedAt"`,
      [randomUUID(), form.organizationId, subscriberId, now],
    );
    await appendEvent(client, {
      organizationId: form.organizationId,
      subscriberId,
      type: "signup.submitted",
      data: {
        purpose: "marketing",
        phone: input.phone,
        country: input.country,
        locale: form.locale,
        formId: form.id,
        formSlug: form.slug,
        formVersionId: form.versionId,
        formVersion: form.version,
        consentTextSha256: form.consentTextSha256,
        checkboxInitiallyChecked: false,
        checkboxChecked: true,
        buttonLabel: form.buttonLabel,
        pageUrl: input.pageUrl ?? null,
        referrer: input.referrer ?? null,
        embedded: false,
        antiFraud: { result: "pass", signals: [] },
        outcome: "pending",
        confirmationQueued: true,
      },
      actorType: "SUBSCRIBER",
      actorName: input.phone,
      ip,
      userAgent: String(req.headers["user-agent"] ?? ""),
      createdAt: now,
    });
    await client.query(
      `INSERT INTO "Message" ("id", "organizationId", "subscriberId", "direction", "kind",
         "provider", "from", "to", "body", "status", "nextAttemptAt", "createdAt")
       VALUES ($1, $2, $3, 'OUTBOUND', 'confirmation', 'twilio', $4, $5, $6, 'QUEUED', $7, $7)`,
      [
        randomUUID(),
        form.organizationId,
        subscriberId,
        SENDER,
        input.phone,
        form.confirmationMessage,
        now,
      ],
    );
  });
  answer(res, 202, "application/json", JSON.stringify({ status: "pending" }));
}

function twilioSignature(url: string, params: URLSearchParams): string {
  const data = [...params.keys()].sort().reduce((acc, key) => acc + key + params.get(key), url);
  return createHmac("sha1", authToken).update(data).digest("base64");
}

async function webhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const params = new URLSearchParams(await readBody(req));
  const url = `${publicBaseUrl}/api/webhooks/twilio/sms`;
  if (req.headers["x-twilio-signature"] !== twilioSignature(url, params)) {
    return answer(res, 403, "text/plain", "forbidden");
  }
  const sid = params.get("MessageSid") ?? "";
  const from = params.get("From") ?? "";
  const to = params.get("To") ?? "";
  const body = params.get("Body") ?? "";
  const now = new Date();
  const reply = await transaction(async (client) => {
    const inbound = await client.query<{ id: string }>(
      `INSERT INTO "Message" ("id", "direction", "kind", "provider", "sid", "from", "to", "body",
         "status", "createdAt", "statusUpdatedAt")
       VALUES ($1, 'INBOUND', 'inbound', 'twilio', $2, $3, $4, $5, 'RECEIVED', $6, $6)
       ON CONFLICT ("sid") DO NOTHING RETURNING "id"`,
      [randomUUID(), sid, from, to, body, now],
    );
    const inboundId = inbound.rows[0]?.id;
    if (!inboundId) return null; // a retried webhook
    const pending = await client.query<{ id: string; organizationId: string }>(
      `SELECT "id", "organizationId" FROM "Subscriber" WHERE "phone" = $1 AND "status" = 'PENDING'
       ORDER BY "lastSignupSmsAt" DESC NULLS LAST LIMIT 1 FOR UPDATE`,
      [from],
    );
    const subscriber = pending.rows[0];
    if (!subscriber) return null;
    await client.query(
      `UPDATE "Subscriber" SET "status" = 'CONFIRMED', "confirmedAt" = $2, "updatedAt" = $2
       WHERE "id" = $1`,
      [subscriber.id, now],
    );
    await client.query(
      `UPDATE "Consent" SET "confirmedAt" = $2, "updatedAt" = $2
       WHERE "subscriberId" = $1 AND "purpose" = 'MARKETING'`,
      [subscriber.id, now],
    );
    await appendEvent(client, {
      organizationId: subscriber.organizationId,
      subscriberId: subscriber.id,
      type: "marketing.confirmed",
      data: {
        method: "sms_reply",
        reply: {
          messageId: inboundId,
          sid,
          from,
          to,
          body,
          receivedAt: now.toISOString(),
          signatureVerified: true,
        },
        confirmationSid: null,
      },
      actorType: "SUBSCRIBER",
      actorName: from,
      ip: null,
      userAgent: null,
      createdAt: now,
    });
    const text = "Thanks! You're subscribed. Reply HELP for help, STOP to cancel.";
    await client.query(
      `INSERT INTO "Message" ("id", "organizationId", "subscriberId", "direction", "kind",
         "provider", "from", "to", "body", "status", "inReplyToId", "sentAt", "createdAt")
       VALUES ($1, $2, $3, 'OUTBOUND', 'reply', 'twilio', $4, $5, $6, 'ACCEPTED', $7, $8, $8)`,
      [randomUUID(), subscriber.organizationId, subscriber.id, to, from, text, inboundId, now],
    );
    return text;
  });
  const twiml = reply
    ? `<?xml version="1.0" encoding="UTF-8"?><Response><Message>${reply}</Message></Response>`
    : `<?xml version="1.0" encoding="UTF-8"?><Response/>`;
  answer(res, 200, "text/xml", twiml);
}

function answer(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

await loadForms();
const server = createServer((req, res) => {
  const url = req.url ?? "";
  const handled = url.startsWith("/signup/")
    ? signup(req, res, url.slice("/signup/".length))
    : url === "/webhook"
      ? webhook(req, res)
      : Promise.resolve(answer(res, 404, "text/plain", "not found"));
  handled.catch((error: unknown) => {
    console.error("[bare]", error);
    if (!res.headersSent) answer(res, 500, "text/plain", "error");
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("[bare] ready"));
process.on("SIGTERM", () => server.close(() => void pool.end().then(() => process.exit(0))));
