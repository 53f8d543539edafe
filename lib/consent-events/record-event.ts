// Appends one consent event to its chain, in the caller's transaction, so that the evidence
// and the change it records commit together or not at all.
//
// Chains: one per subscriber (chainId = subscriber id), plus one per organization (chainId =
// "org") for events that concern no single subscriber (exports, members, API keys). Per
// subscriber because a proof document is then verifiable on its own, and because appends for
// different subscribers never wait for each other; the database refuses UPDATE and DELETE on
// events, so whole chains cannot silently disappear either.
import "server-only";
import { randomUUID } from "node:crypto";
import type { Tx } from "@/lib/db/types";
import type { ConsentEvent } from "@/lib/generated/prisma/client";
import type { Actor } from "./actor";
import { computeEventHash } from "./event-hash";
import { EVENT_SCHEMAS, type EventDataInput, type EventType } from "./event-types";

export const ORG_CHAIN_ID = "org";

export interface RecordEventInput<T extends EventType> {
  organizationId: string;
  subscriberId?: string | null;
  type: T;
  data: EventDataInput<T>;
  actor: Actor;
  at?: Date;
}

export async function recordEvent<T extends EventType>(
  tx: Tx,
  input: RecordEventInput<T>,
): Promise<ConsentEvent> {
  const data: unknown = EVENT_SCHEMAS[input.type].parse(input.data);
  const subscriberId = input.subscriberId ?? null;
  const chainId = subscriberId ?? ORG_CHAIN_ID;

  // Serialize appends to this chain: the row lock is held until the transaction ends.
  const locked = subscriberId
    ? await tx.$queryRaw<
        unknown[]
      >`SELECT 1 FROM "Subscriber" WHERE "id" = ${subscriberId} AND "organizationId" = ${input.organizationId} FOR UPDATE`
    : await tx.$queryRaw<
        unknown[]
      >`SELECT 1 FROM "Organization" WHERE "id" = ${input.organizationId} FOR UPDATE`;
  if (locked.length === 0)
    throw new Error(`No chain head for ${chainId} in organization ${input.organizationId}`);

  const last = await tx.consentEvent.findFirst({
    where: { organizationId: input.organizationId, chainId },
    orderBy: { seq: "desc" },
    select: { seq: true, hash: true },
  });

  const fields = {
    id: randomUUID(),
    organizationId: input.organizationId,
    subscriberId,
    chainId,
    seq: (last?.seq ?? 0) + 1,
    prevHash: last?.hash ?? null,
    type: input.type,
    data,
    actorType: input.actor.type,
    actorId: input.actor.id ?? null,
    actorName: input.actor.name ?? null,
    ip: input.actor.ip ?? null,
    userAgent: input.actor.userAgent ?? null,
    createdAt: input.at ?? new Date(),
  };
  return tx.consentEvent.create({
    data: { ...fields, data: fields.data as object, hash: computeEventHash(fields) },
  });
}
