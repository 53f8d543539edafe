// The Dev phone: with SMS_PROVIDER=dev, texts "sent" by optline are shown per number in the
// dashboard, and a reply typed there travels the same road as a real one: a form-encoded POST
// to /api/webhooks/twilio/sms, signed as Twilio signs it. The TwiML answer is then
// "delivered" the way Twilio would: a signed status callback to each reply's action URL.
import "server-only";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError, ErrorCode } from "@/lib/errors";
import { normalizePhone } from "@/lib/phone/normalize-phone";
import { devMessageSid } from "@/lib/sms/providers/dev-provider";
import { signTwilioRequest } from "@/lib/sms/twilio-signature";

export function assertDevProvider(): void {
  if (getEnv().smsProvider !== "dev")
    throw new AppError(ErrorCode.NOT_FOUND, "The Dev phone exists only with SMS_PROVIDER=dev");
}

/** Numbers with messages in this organization, most recent first. */
export async function listDevConversations(options: { organizationId: string }) {
  const rows = await db.message.findMany({
    where: { organizationId: options.organizationId },
    orderBy: { createdAt: "desc" },
    select: { direction: true, from: true, to: true, body: true, createdAt: true },
    take: 1000,
  });
  const conversations = new Map<
    string,
    { phone: string; lastBody: string; lastAt: Date; count: number }
  >();
  for (const row of rows) {
    const phone = row.direction === "INBOUND" ? row.from : row.to;
    const entry = conversations.get(phone);
    if (entry) entry.count += 1;
    else conversations.set(phone, { phone, lastBody: row.body, lastAt: row.createdAt, count: 1 });
  }
  return [...conversations.values()];
}

/** Every message to or from one number that this organization may see. */
export async function getDevConversation(options: { organizationId: string; phone: string }) {
  return db.message.findMany({
    where: {
      OR: [{ organizationId: options.organizationId }, { organizationId: null }],
      AND: [{ OR: [{ to: options.phone }, { from: options.phone }] }],
    },
    orderBy: { createdAt: "asc" },
    take: 500,
  });
}

/** Texts `body` from `phone` to optline through the signed webhook; returns the normalized number. */
export async function sendDevText(options: { phone: string; body: string }): Promise<string> {
  assertDevProvider();
  const env = getEnv();
  const phone = normalizePhone(options.phone, "US");
  if (!phone.ok) throw AppError.validation({ phone: [phone.message] }, phone.message);
  const body = options.body.trim();
  if (!body || body.length > 1600)
    throw AppError.validation({ body: ["Write a message (at most 1600 characters)"] });

  const sid = `SM${randomBytes(16).toString("hex")}`;
  const params = {
    MessageSid: sid,
    SmsSid: sid,
    SmsMessageSid: sid,
    AccountSid: `AC${"0".repeat(32)}`,
    From: phone.e164,
    To: env.DEV_SMS_FROM_NUMBER,
    Body: body,
    NumMedia: "0",
    NumSegments: "1",
    SmsStatus: "received",
    ApiVersion: "2010-04-01",
  };
  const twiml = await postSigned("/api/webhooks/twilio/sms", params);
  for (const reply of parseTwimlMessages(twiml)) {
    const path = reply.action.startsWith(env.publicBaseUrl)
      ? reply.action.slice(env.publicBaseUrl.length)
      : null;
    if (!path) continue;
    await postSigned(path, {
      MessageSid: devMessageSid(),
      MessageStatus: "delivered",
      AccountSid: params.AccountSid,
      From: env.DEV_SMS_FROM_NUMBER,
      To: phone.e164,
    });
  }
  return phone.e164;
}

/** POSTs to our own server, signed for the public URL that Twilio would have called. */
async function postSigned(path: string, params: Record<string, string>): Promise<string> {
  const env = getEnv();
  const response = await fetch(`http://127.0.0.1:${env.PORT}${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Twilio-Signature": signTwilioRequest(`${env.publicBaseUrl}${path}`, params),
    },
    body: new URLSearchParams(params).toString(),
  });
  const text = await response.text();
  if (!response.ok)
    throw new Error(`Webhook ${path} answered ${response.status}: ${text.slice(0, 200)}`);
  return text;
}

const XML_ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&apos;": "'",
};

export function parseTwimlMessages(twiml: string): { action: string; body: string }[] {
  const unescape = (text: string) =>
    text.replace(/&(amp|lt|gt|quot|apos);/g, (entity) => XML_ENTITIES[entity] ?? entity);
  return [...twiml.matchAll(/<Message\b([^>]*)>([\s\S]*?)<\/Message>/g)].map((match) => ({
    action: unescape(/\baction="([^"]*)"/.exec(match[1] ?? "")?.[1] ?? ""),
    body: unescape(match[2] ?? ""),
  }));
}
