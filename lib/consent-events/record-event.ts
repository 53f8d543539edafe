// Appends one consent event to its chain, in the caller's transaction, so that the evidence
// and the change it records commit together or not at all.
//
// Chains: one per subscriber (chainId = subscriber id), plus one per organization (chainId =
// "org") for events that concern no single subscriber (exports, members, API keys). Per
// subscriber because a proof document is then verifiable on its own, and because appends for
// different subscribers never wait for each other. The database refuses UPDATE and DELETE on
// events, and each chain's head (latest seq and hash) is written with every event, so that a
// chain whose last events (or all of them) vanish behind the trigger's back no longer matches
// its head.
//
// Two round trips: lock the chain's owner row and its head (reading the head) in one
// statement, then insert the event and advance the head in one statement. Hot paths that lock
// the owner themselves take the head in their own first statement (takeChainHeadSql) and
// write their change with the event (appendEventSql, nextEvent): the same two statements.
import "server-only";
import { randomUUID } from "node:crypto";
import type { SqlClient } from "@/lib/db/sql";
import { Prisma, type ConsentEvent } from "@/lib/generated/prisma/client";
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

export interface ChainHead {
  seq: number;
  hash: string;
}

export async function recordEvent<T extends EventType>(
  tx: SqlClient,
  input: RecordEventInput<T>,
): Promise<ConsentEvent> {
  const subscriberId = input.subscriberId ?? null;
  const { organizationId } = input;

  // Lock the chain's owner row (the subscriber, or the organization) first, as every path that
  // changes a subscriber does, then take the head row (see takeChainHeadSql).
  const owner = subscriberId
    ? Prisma.sql`SELECT "organizationId", "id" AS "chainId" FROM "Subscriber"
        WHERE "id" = ${subscriberId} AND "organizationId" = ${organizationId} FOR UPDATE`
    : Prisma.sql`SELECT "id" AS "organizationId", ${ORG_CHAIN_ID}::text AS "chainId" FROM "Organization"
        WHERE "id" = ${organizationId} FOR UPDATE`;
  const [head] = await tx.$queryRaw<ChainHead[]>`
    WITH "owner" AS (${owner}) ${takeChainHeadSql(Prisma.sql`SELECT * FROM "owner"`)}`;
  if (!head) {
    throw new Error(
      `No chain owner for ${subscriberId ?? ORG_CHAIN_ID} in organization ${organizationId}`,
    );
  }
  const event = nextEvent(input, head);
  await tx.$executeRaw(appendEventSql(event));
  return event;
}

/**
 * Takes the head rows of the chains whose owners `owners` selects ("organizationId",
 * "chainId"), which the caller has locked (in the same statement or before): ON CONFLICT DO
 * UPDATE locks and returns the head's latest committed version, even one that committed while
 * the statement waited for the owner's lock (a plain join would return the version the
 * statement's snapshot saw, and two appends would take the same seq). A new chain's head is
 * inserted at seq 0. Returns "chainId", "seq", "hash".
 */
export function takeChainHeadSql(owners: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO "ChainHead" ("organizationId", "chainId", "seq", "hash", "updatedAt")
    SELECT o."organizationId", o."chainId", 0, '', now() FROM (${owners}) o
    ON CONFLICT ("organizationId", "chainId") DO UPDATE SET "seq" = "ChainHead"."seq"
    RETURNING "chainId", "seq", "hash"`;
}

/** The event that follows `head` on its chain: data checked against its schema, hashed. */
export function nextEvent<T extends EventType>(
  input: RecordEventInput<T>,
  head: ChainHead,
): ConsentEvent {
  const data = EVENT_SCHEMAS[input.type].parse(input.data) as ConsentEvent["data"];
  const subscriberId = input.subscriberId ?? null;
  const fields = {
    id: randomUUID(),
    organizationId: input.organizationId,
    subscriberId,
    chainId: subscriberId ?? ORG_CHAIN_ID,
    seq: head.seq + 1,
    prevHash: head.seq === 0 ? null : head.hash,
    type: input.type,
    data,
    actorType: input.actor.type,
    actorId: input.actor.id ?? null,
    actorName: input.actor.name ?? null,
    ip: input.actor.ip ?? null,
    userAgent: input.actor.userAgent ?? null,
    createdAt: input.at ?? new Date(),
  };
  return { ...fields, hash: computeEventHash(fields) };
}

/**
 * One statement that inserts the event and advances its chain's head, with `alongside`: named
 * CTEs ('"name" AS (UPDATE …)') for the change the event records, so that a caller whose head
 * is already taken (takeChainHeadSql) writes the change and its evidence in one round trip.
 */
export function appendEventSql(event: ConsentEvent, alongside: Prisma.Sql[] = []): Prisma.Sql {
  const { organizationId, subscriberId, chainId } = event;
  return Prisma.sql`
    WITH ${Prisma.join([
      ...alongside,
      Prisma.sql`"event" AS (
      INSERT INTO "ConsentEvent" ("id", "organizationId", "subscriberId", "chainId", "seq",
        "prevHash", "hash", "type", "data", "actorType", "actorId", "actorName", "ip",
        "userAgent", "createdAt")
      VALUES (${event.id}, ${organizationId}, ${subscriberId}, ${chainId}, ${event.seq},
        ${event.prevHash}, ${event.hash}, ${event.type}, ${JSON.stringify(event.data)}::jsonb,
        ${event.actorType}::"ActorType", ${event.actorId}, ${event.actorName}, ${event.ip},
        ${event.userAgent}, ${event.createdAt}::timestamptz)
    )`,
    ])}
    INSERT INTO "ChainHead" ("organizationId", "chainId", "seq", "hash", "updatedAt")
    VALUES (${organizationId}, ${chainId}, ${event.seq}, ${event.hash}, now())
    ON CONFLICT ("organizationId", "chainId") DO UPDATE
      SET "seq" = EXCLUDED."seq", "hash" = EXCLUDED."hash", "updatedAt" = EXCLUDED."updatedAt"`;
}
