// "Check connection" and "Set webhook" of a sender: asks Twilio, with the sender's own
// credentials, what the dashboard must show: do the credentials work, are the numbers in that
// account, do their inbound texts come to optline (the number's SmsUrl, or the messaging
// service's inbound URL), and sets that URL through Twilio's API on request.
import "server-only";
import twilio from "twilio";
import type { Actor } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { senderTwilioClient } from "./sender-client";

export interface ConnectionCheck {
  label: string;
  ok: boolean;
  detail: string;
}

export interface ConnectionReport {
  ok: boolean;
  checks: ConnectionCheck[];
}

/** Where Twilio must post the texts a sender's numbers receive. */
export function inboundWebhookUrl(): string {
  return `${getEnv().publicBaseUrl}/api/webhooks/twilio/sms`;
}

async function loadSender(organizationId: string, senderId: string) {
  const sender = await db.sender.findFirst({
    where: { id: senderId, organizationId },
    include: { numbers: { select: { phone: true }, orderBy: { phone: "asc" } } },
  });
  if (!sender) throw AppError.notFound("Sender");
  return {
    sender,
    client: senderTwilioClient({ ...sender, fromNumber: sender.numbers[0]?.phone ?? null }),
  };
}

function twilioProblem(error: unknown): string {
  if (error instanceof twilio.RestException) {
    if (error.status === 401)
      return "Twilio refused these credentials: check the Account SID and the auth token (or API key)";
    if (error.status === 404) return "Twilio does not know this resource in this account";
    return `Twilio answered ${error.status}: ${error.message}`;
  }
  return `Twilio could not be reached: ${error instanceof Error ? error.message : String(error)}`;
}

export async function checkSenderConnection(options: {
  organizationId: string;
  senderId: string;
}): Promise<ConnectionReport> {
  const { sender, client } = await loadSender(options.organizationId, options.senderId);
  const ours = inboundWebhookUrl();
  const checks: ConnectionCheck[] = [];
  const report = () => ({ ok: checks.every((check) => check.ok), checks });

  try {
    const account = await client.api.v2010.accounts(sender.accountSid).fetch();
    checks.push({
      label: "Credentials",
      ok: account.status === "active",
      detail:
        account.status === "active"
          ? `Account “${account.friendlyName}” is active`
          : `Account is ${account.status}`,
    });
  } catch (error) {
    checks.push({ label: "Credentials", ok: false, detail: twilioProblem(error) });
    return report();
  }

  let service: { inboundRequestUrl: string | null; useInboundWebhookOnNumber: boolean } | null =
    null;
  if (sender.messagingServiceSid) {
    try {
      service = await client.messaging.v1.services(sender.messagingServiceSid).fetch();
      const serviceHandles = !service.useInboundWebhookOnNumber;
      checks.push({
        label: `Messaging service ${sender.messagingServiceSid}`,
        ok: !serviceHandles || service.inboundRequestUrl === ours,
        detail: serviceHandles
          ? service.inboundRequestUrl === ours
            ? "Its inbound texts come to optline"
            : `Its inbound texts go to ${service.inboundRequestUrl || "nowhere"}, not to ${ours}`
          : "Its numbers' own webhooks receive texts",
      });
    } catch (error) {
      checks.push({
        label: `Messaging service ${sender.messagingServiceSid}`,
        ok: false,
        detail: twilioProblem(error),
      });
    }
  }

  try {
    const owned = await client.incomingPhoneNumbers.list({ limit: 1000 });
    const byPhone = new Map(owned.map((number) => [number.phoneNumber, number]));
    for (const { phone } of sender.numbers) {
      const number = byPhone.get(phone);
      if (!number) {
        const shortCode = !phone.startsWith("+");
        checks.push({
          label: phone,
          ok: shortCode,
          detail: shortCode
            ? "Short codes are not listed with the account's numbers: check its webhook in Twilio's console"
            : "Not a number of this Twilio account",
        });
        continue;
      }
      const serviceHandles = service !== null && !service.useInboundWebhookOnNumber;
      checks.push({
        label: phone,
        ok: serviceHandles || number.smsUrl === ours,
        detail: serviceHandles
          ? "In the account; its texts go through the messaging service"
          : number.smsUrl === ours
            ? "In the account; its texts come to optline"
            : `In the account, but its texts go to ${number.smsUrl || "nowhere"}, not to ${ours}`,
      });
    }
  } catch (error) {
    checks.push({ label: "Numbers", ok: false, detail: twilioProblem(error) });
  }
  // Not readable through Twilio's API: said so, so that nobody takes silence for a check.
  checks.push({
    label: "Advanced Opt-Out",
    ok: true,
    detail:
      "Twilio's API does not show it. If it is on for the messaging service, Twilio answers STOP/HELP itself; optline still records the STOP and stops texting, but its replies are Twilio's.",
  });
  return report();
}

/**
 * Points the inbound webhook of the sender's numbers (or of its messaging service, when the
 * service receives the texts) at optline, through Twilio's API. Returns what was set.
 */
export async function setSenderWebhook(options: {
  organizationId: string;
  senderId: string;
  actor: Actor;
}): Promise<string[]> {
  const { sender, client } = await loadSender(options.organizationId, options.senderId);
  const url = inboundWebhookUrl();
  const targets: string[] = [];
  try {
    if (sender.messagingServiceSid) {
      const service = await client.messaging.v1.services(sender.messagingServiceSid).fetch();
      if (!service.useInboundWebhookOnNumber) {
        await client.messaging.v1
          .services(sender.messagingServiceSid)
          .update({ inboundRequestUrl: url, inboundMethod: "POST" });
        targets.push(sender.messagingServiceSid);
      }
    }
    if (targets.length === 0) {
      const owned = await client.incomingPhoneNumbers.list({ limit: 1000 });
      for (const { phone } of sender.numbers) {
        const number = owned.find((candidate) => candidate.phoneNumber === phone);
        if (!number) continue;
        await client.incomingPhoneNumbers(number.sid).update({ smsUrl: url, smsMethod: "POST" });
        targets.push(phone);
      }
    }
  } catch (error) {
    throw new AppError("UNAVAILABLE", twilioProblem(error));
  }
  if (targets.length === 0) {
    throw new AppError(
      "CONFLICT",
      "None of this sender's numbers is in its Twilio account: nothing was changed",
    );
  }
  await db.$transaction((tx) =>
    recordEvent(tx, {
      organizationId: options.organizationId,
      type: "sender.webhook_set",
      data: { senderId: sender.id, name: sender.name, targets, url },
      actor: options.actor,
    }),
  );
  return targets;
}
