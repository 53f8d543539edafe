// Writes a batch of checked import rows in one statement (rows as arrays through unnest):
// the subscribers, their MARKETING consent, their subscriber.added events and chain heads,
// exactly as createEvidencedSubscriber + recordEvent write them one by one. A new subscriber's
// chain is new, so its event is seq 1 after an empty head (nextEvent with seq 0), hashed here
// as recordEvent hashes it. Numbers already in the audience in any state (live, unsubscribed,
// deleted) or on the organization's suppression list (in clear, or as the keyed hash an
// erasure leaves: lib/privacy/phone-hash.ts) are left alone and not counted.
import "server-only";
import type { Actor } from "@/lib/consent-events/actor";
import { nextEvent } from "@/lib/consent-events/record-event";
import { newId } from "@/lib/db/new-id";
import { phoneHash } from "@/lib/privacy/phone-hash";
import type { Tx } from "@/lib/db/types";
import { subscriberAddedEvent, type EvidencedRow } from "./add-subscriber";

const EMPTY_HEAD = { seq: 0, hash: "" };

export async function writeImportBatch(
  tx: Tx,
  options: {
    organizationId: string;
    audienceId: string;
    actor: Actor;
    importId: string;
    rows: EvidencedRow[];
  },
): Promise<number> {
  const { organizationId, audienceId, actor } = options;
  const ids: string[] = [];
  const consentIds: string[] = [];
  const phones: string[] = [];
  const phoneHashes: string[] = [];
  const countries: string[] = [];
  const locales: string[] = [];
  const customFields: string[] = [];
  const consentedAt: string[] = [];
  const eventIds: string[] = [];
  const hashes: string[] = [];
  const data: string[] = [];
  const eventAt: string[] = [];
  for (const row of options.rows) {
    const subscriberId = newId();
    const event = nextEvent(
      subscriberAddedEvent({
        organizationId,
        subscriberId,
        actor,
        method: "import",
        importId: options.importId,
        row,
      }),
      EMPTY_HEAD,
    );
    ids.push(subscriberId);
    consentIds.push(newId());
    phones.push(row.phone);
    phoneHashes.push(phoneHash(organizationId, row.phone));
    countries.push(row.country);
    locales.push(row.locale);
    customFields.push(JSON.stringify(row.customFields ?? {}));
    consentedAt.push(row.originalConsentAt.toISOString());
    eventIds.push(event.id);
    hashes.push(event.hash);
    data.push(JSON.stringify(event.data));
    eventAt.push(event.createdAt.toISOString());
  }
  return tx.$executeRaw`
    WITH "row" AS (
      SELECT * FROM unnest(${ids}::text[], ${consentIds}::text[], ${phones}::text[],
        ${countries}::text[], ${locales}::text[], ${consentedAt}::timestamptz[],
        ${eventIds}::text[], ${hashes}::text[], ${data}::text[], ${eventAt}::timestamptz[],
        ${phoneHashes}::text[], ${customFields}::text[])
        AS r("id", "consentId", "phone", "country", "locale", "consentedAt", "eventId", "hash",
          "data", "eventAt", "phoneHash", "customFields")
    ), "subscriber" AS (
      INSERT INTO "Subscriber" ("id", "organizationId", "audienceId", "phone", "country", "locale",
        "status", "confirmedAt", "updatedAt", "customFields")
      SELECT r."id", ${organizationId}, ${audienceId}, r."phone", r."country", r."locale",
        'CONFIRMED'::"SubscriberStatus", r."consentedAt", now(), r."customFields"::jsonb
      FROM "row" r
      -- Two probes, one per unique index (an OR of the two would not use either).
      WHERE NOT EXISTS (SELECT 1 FROM "Suppression" x
          WHERE x."organizationId" = ${organizationId} AND x."phone" = r."phone")
        AND NOT EXISTS (SELECT 1 FROM "Suppression" x
          WHERE x."organizationId" = ${organizationId} AND x."phoneHash" = r."phoneHash")
      ON CONFLICT ("audienceId", "phone") DO NOTHING
      RETURNING "id"
    ), "written" AS (
      SELECT r.* FROM "row" r JOIN "subscriber" s ON s."id" = r."id"
    ), "consent" AS (
      INSERT INTO "Consent" ("id", "organizationId", "subscriberId", "purpose", "grantedAt",
        "confirmedAt", "revokedAt", "grantMethod", "revokeMethod", "updatedAt")
      SELECT w."consentId", ${organizationId}, w."id", 'MARKETING'::"ConsentPurpose",
        w."consentedAt", w."consentedAt", NULL, 'import', NULL, now()
      FROM "written" w
    ), "event" AS (
      INSERT INTO "ConsentEvent" ("id", "organizationId", "subscriberId", "chainId", "seq",
        "prevHash", "hash", "type", "data", "actorType", "actorId", "actorName", "ip",
        "userAgent", "createdAt")
      SELECT w."eventId", ${organizationId}, w."id", w."id", 1, NULL, w."hash",
        'subscriber.added', w."data"::jsonb, ${actor.type}::"ActorType", ${actor.id ?? null},
        ${actor.name ?? null}, ${actor.ip ?? null}, ${actor.userAgent ?? null}, w."eventAt"
      FROM "written" w
    )
    INSERT INTO "ChainHead" ("organizationId", "chainId", "seq", "hash", "updatedAt")
    SELECT ${organizationId}, w."id", 1, w."hash", now() FROM "written" w`;
}
