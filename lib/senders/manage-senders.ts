// Senders of one organization: every query is scoped by organizationId (another
// organization's id is a 404), every change is an event on the organization's chain (the
// audit log), credentials are sealed and only their last 4 characters are shown again.
import "server-only";
import type { Actor } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import type { Tx } from "@/lib/db/types";
import { AppError, parseInput } from "@/lib/errors";
import type { Sender } from "@/lib/generated/prisma/client";
import { forgetSenderClient } from "./sender-client";
import { lastFour, sealSenderSecret } from "./sender-credentials";
import { ZCreateSenderSchema, ZUpdateSenderSchema } from "./sender-schemas";

export type PublicSender = Omit<Sender, "authTokenSealed" | "apiKeySecretSealed"> & {
  hasApiKeySecret: boolean;
  numbers: string[];
};

function publicSender(sender: Sender & { numbers: { phone: string }[] }): PublicSender {
  const { authTokenSealed: _token, apiKeySecretSealed, numbers, ...rest } = sender;
  return {
    ...rest,
    hasApiKeySecret: apiKeySecretSealed !== null,
    numbers: numbers.map((n) => n.phone),
  };
}

const withNumbers = { numbers: { select: { phone: true }, orderBy: { phone: "asc" as const } } };

/** A (To, AccountSid) pair must lead to exactly one sender: a number taken in that account is refused. */
function numberTaken(): AppError {
  return AppError.validation(
    { numbers: ["One of these numbers is already used by a sender on this Twilio account"] },
    "One of these numbers is already used by a sender on this Twilio account",
  );
}

async function replaceNumbers(
  tx: Tx,
  sender: { id: string; organizationId: string; accountSid: string },
  numbers: string[],
): Promise<void> {
  await tx.senderNumber.deleteMany({ where: { senderId: sender.id } });
  await tx.senderNumber.createMany({
    data: numbers.map((phone) => ({
      senderId: sender.id,
      organizationId: sender.organizationId,
      accountSid: sender.accountSid,
      phone,
    })),
  });
}

export async function createSender(options: {
  organizationId: string;
  actor: Actor;
  input: unknown;
}): Promise<PublicSender> {
  const input = parseInput(ZCreateSenderSchema, options.input);
  const { organizationId } = options;
  try {
    return await db.$transaction(async (tx) => {
      const created = await tx.sender.create({
        data: {
          organizationId,
          name: input.name,
          accountSid: input.accountSid,
          authTokenSealed: sealSenderSecret(input.authToken, organizationId),
          authTokenLast4: lastFour(input.authToken),
          apiKeySid: input.apiKeySid ?? null,
          apiKeySecretSealed: input.apiKeySecret
            ? sealSenderSecret(input.apiKeySecret, organizationId)
            : null,
          messagingServiceSid: input.messagingServiceSid ?? null,
          numberType: input.numberType,
          messagesPerSecond: input.messagesPerSecond,
        },
      });
      await replaceNumbers(tx, created, input.numbers);
      await recordEvent(tx, {
        organizationId,
        type: "sender.created",
        data: {
          senderId: created.id,
          name: created.name,
          accountSid: created.accountSid,
          numbers: input.numbers,
        },
        actor: options.actor,
      });
      return publicSender({ ...created, numbers: input.numbers.map((phone) => ({ phone })) });
    });
  } catch (error) {
    throw uniqueToValidation(error);
  }
}

function uniqueToValidation(error: unknown): unknown {
  if (!isUniqueViolation(error)) return error;
  const meta = JSON.stringify((error as { meta?: unknown }).meta ?? {});
  if (/phone|SenderNumber/.test(meta) || !/name/.test(meta)) return numberTaken();
  return AppError.validation({ name: ["A sender with this name already exists"] });
}

export async function listSenders(options: { organizationId: string }): Promise<PublicSender[]> {
  const senders = await db.sender.findMany({
    where: { organizationId: options.organizationId },
    include: withNumbers,
    orderBy: { createdAt: "asc" },
  });
  return senders.map(publicSender);
}

export async function getSender(options: {
  organizationId: string;
  senderId: string;
}): Promise<PublicSender> {
  const sender = await db.sender.findFirst({
    where: { id: options.senderId, organizationId: options.organizationId },
    include: withNumbers,
  });
  if (!sender) throw AppError.notFound("Sender");
  return publicSender(sender);
}

export async function updateSender(options: {
  organizationId: string;
  senderId: string;
  actor: Actor;
  input: unknown;
}): Promise<PublicSender> {
  const input = parseInput(ZUpdateSenderSchema, options.input);
  const { organizationId } = options;
  try {
    const updated = await db.$transaction(async (tx) => {
      const [current] = await tx.$queryRaw<Sender[]>`
        SELECT * FROM "Sender"
        WHERE "id" = ${options.senderId} AND "organizationId" = ${organizationId}
        FOR UPDATE`;
      if (!current) throw AppError.notFound("Sender");
      const numbers = (
        await tx.senderNumber.findMany({
          where: { senderId: current.id },
          orderBy: { phone: "asc" },
        })
      ).map((n) => n.phone);
      const data: Partial<Sender> = {};
      const changes: string[] = [];
      const set = <K extends keyof Sender>(key: K, value: Sender[K], label: string = key) => {
        if (current[key] === value) return;
        data[key] = value;
        changes.push(label);
      };
      set("name", input.name);
      set("accountSid", input.accountSid);
      set("apiKeySid", input.apiKeySid ?? null);
      set("messagingServiceSid", input.messagingServiceSid ?? null);
      set("numberType", input.numberType);
      set("messagesPerSecond", input.messagesPerSecond);
      if (input.authToken) {
        data.authTokenSealed = sealSenderSecret(input.authToken, organizationId);
        data.authTokenLast4 = lastFour(input.authToken);
        changes.push("authToken");
      }
      if (input.apiKeySecret) {
        data.apiKeySecretSealed = sealSenderSecret(input.apiKeySecret, organizationId);
        changes.push("apiKeySecret");
      } else if (!input.apiKeySid && current.apiKeySecretSealed) {
        data.apiKeySecretSealed = null;
      }
      if (input.apiKeySid && !input.apiKeySecret && !current.apiKeySecretSealed) {
        throw AppError.validation({ apiKeySecret: ["Give the API key's secret"] });
      }
      const numbersChanged = numbers.join() !== [...input.numbers].sort().join();
      if (numbersChanged) changes.push("numbers");
      if (changes.length === 0) return { ...current, numbers: numbers.map((phone) => ({ phone })) };
      // updatedAt always moves (numbers too): every server's cached client is then rebuilt.
      const saved = await tx.sender.update({
        where: { id: current.id },
        data: { ...data, updatedAt: new Date() },
      });
      if (numbersChanged || data.accountSid) await replaceNumbers(tx, saved, input.numbers);
      await recordEvent(tx, {
        organizationId,
        type: "sender.updated",
        data: { senderId: saved.id, name: saved.name, changes },
        actor: options.actor,
      });
      return { ...saved, numbers: input.numbers.map((phone) => ({ phone })) };
    });
    forgetSenderClient(updated.id);
    return publicSender(updated);
  } catch (error) {
    throw uniqueToValidation(error);
  }
}

/** Refused while an audience uses it (move the audience first); its messages keep their history. */
export async function deleteSender(options: {
  organizationId: string;
  senderId: string;
  actor: Actor;
}): Promise<void> {
  await db.$transaction(async (tx) => {
    const sender = await tx.sender.findFirst({
      where: { id: options.senderId, organizationId: options.organizationId },
      include: { audiences: { select: { name: true }, take: 3 } },
    });
    if (!sender) throw AppError.notFound("Sender");
    if (sender.audiences.length > 0) {
      throw new AppError(
        "CONFLICT",
        `Audiences use this sender (${sender.audiences.map((a) => a.name).join(", ")}): give them another sender first`,
      );
    }
    await tx.sender.delete({ where: { id: sender.id } });
    await tx.sendRateBucket.deleteMany({ where: { key: sender.id } });
    await recordEvent(tx, {
      organizationId: options.organizationId,
      type: "sender.deleted",
      data: { senderId: sender.id, name: sender.name },
      actor: options.actor,
    });
  });
  forgetSenderClient(options.senderId);
}

/**
 * Which sender an audience's texts go out from and its keywords are received on (null: the
 * installation default). Subscribers follow their audience: their STOP and YES are then
 * expected on the new sender's numbers.
 */
export async function setAudienceSender(options: {
  organizationId: string;
  audienceId: string;
  senderId: string | null;
  actor: Actor;
}): Promise<void> {
  try {
    await moveAudienceToSender(options);
  } catch (error) {
    // Keywords are unique per sender: the new sender already receives one of this audience's.
    if (!isUniqueViolation(error)) throw error;
    const message =
      "A keyword of this audience's forms is already used on that sender (by another form or business): remove or change it first.";
    throw AppError.validation({ senderId: [message] }, message);
  }
}

async function moveAudienceToSender(
  options: Parameters<typeof setAudienceSender>[0],
): Promise<void> {
  await db.$transaction(async (tx) => {
    const audience = await tx.audience.findFirst({
      where: { id: options.audienceId, organizationId: options.organizationId },
      include: { sender: { select: { name: true } } },
    });
    if (!audience) throw AppError.notFound("Audience");
    const sender = options.senderId
      ? await tx.sender.findFirst({
          where: { id: options.senderId, organizationId: options.organizationId },
          select: { id: true, name: true },
        })
      : null;
    if (options.senderId && !sender)
      throw AppError.validation({ senderId: ["Choose one of your organization's senders"] });
    if ((audience.senderId ?? null) === (sender?.id ?? null)) return;
    await tx.audience.update({
      where: { id: audience.id },
      data: { senderId: sender?.id ?? null },
    });
    // Its forms' keywords are received where its texts now come from.
    await tx.formKeyword.updateMany({
      where: { organizationId: options.organizationId, form: { audienceId: audience.id } },
      data: { senderId: sender?.id ?? null },
    });
    await recordEvent(tx, {
      organizationId: options.organizationId,
      type: "audience.updated",
      data: {
        audienceId: audience.id,
        changes: {
          sender: { from: audience.sender?.name ?? "default", to: sender?.name ?? "default" },
        },
      },
      actor: options.actor,
    });
  });
}
