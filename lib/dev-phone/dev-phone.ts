// The Dev phone: with SMS_PROVIDER=dev, texts "sent" by optline are shown per number in the
// dashboard, and a staff member can answer as one of their organization's subscribers. The
// answer is handled exactly as an inbound text (handleInboundSms), but it is evidence of a
// staff action, not of a person's reply: it never poses as a signed carrier webhook.
import "server-only";
import type { Actor } from "@/lib/consent-events/actor";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError, ErrorCode } from "@/lib/errors";
import { normalizePhone } from "@/lib/phone/normalize-phone";
import { handleInboundSms } from "@/lib/sms/handle-inbound-sms";
import { keywordForm } from "@/lib/sms/keywords";
import { devMessageSid } from "@/lib/sms/providers/dev-provider";
import { recordDeliveryStatus } from "@/lib/sms/record-delivery-status";

export function assertDevProvider(): void {
  if (getEnv().smsProvider !== "dev")
    throw new AppError(ErrorCode.NOT_FOUND, "The Dev phone exists only with SMS_PROVIDER=dev");
}

/** The number the organization's texts come from with the dev provider (and the Dev phone texts). */
export async function organizationDevNumber(organizationId: string): Promise<string> {
  const organization = await db.organization.findUnique({
    where: { id: organizationId },
    select: { devSmsNumber: true },
  });
  if (!organization) throw AppError.notFound("Organization");
  return organization.devSmsNumber;
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

/**
 * Texts `body` from `phone`, one of this organization's subscribers, as the signed-in staff
 * member `actor`. It goes through the same inbound handling as a real text, but is recorded
 * as what it is: channel dev_phone, signature not verified, actor the staff member, and it
 * reaches this organization's subscribers only (never another organization's with the same
 * number). Its replies are then "delivered" as Twilio would report them. Returns the
 * normalized number.
 */
export async function sendDevText(options: {
  organizationId: string;
  actor: Actor;
  phone: string;
  body: string;
}): Promise<string> {
  assertDevProvider();
  const phone = normalizePhone(options.phone, "US");
  if (!phone.ok) throw AppError.validation({ phone: [phone.message] }, phone.message);
  const body = options.body.trim();
  if (!body || body.length > 1600)
    throw AppError.validation({ body: ["Write a message (at most 1600 characters)"] });
  const subscriber = await db.subscriber.findFirst({
    where: { organizationId: options.organizationId, phone: phone.e164, deletedAt: null },
    select: { id: true },
  });
  // A new number may text one of the organization's keywords (to try text-to-join), and
  // nothing else: the Dev phone never poses as a stranger to other organizations' numbers.
  const keyword = subscriber
    ? null
    : await db.formKeyword.findFirst({
        where: { organizationId: options.organizationId, normalized: keywordForm(body) },
        select: { id: true },
      });
  if (!subscriber && !keyword) {
    const message =
      "The Dev phone texts only from numbers of your organization's subscribers. From a new number, text one of your forms' keywords.";
    throw AppError.validation({ phone: [message] }, message);
  }

  // The text goes to the organization's own dev number: like a text to its own sender, it
  // concerns its audiences without a sender of their own.
  const devNumber = await organizationDevNumber(options.organizationId);
  const sid = devMessageSid();
  const result = await handleInboundSms({
    params: { MessageSid: sid, From: phone.e164, To: devNumber, Body: body },
    signatureVerified: false,
    route: { kind: "dev_number", organizationId: options.organizationId },
    devPhone: { organizationId: options.organizationId, actor: options.actor },
  });
  for (const reply of result.replies) {
    await recordDeliveryStatus({
      params: {
        MessageSid: devMessageSid(),
        MessageStatus: "delivered",
        From: devNumber,
        To: phone.e164,
      },
      messageId: reply.id,
    });
  }
  return phone.e164;
}
