// Staff add a subscriber whose consent was collected elsewhere (a paper form, another
// system). They are confirmed on the strength of that evidence, which is recorded with who
// added them; the proof of opt-in shows it as external evidence.
import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { Actor } from "@/lib/consent-events/actor";
import { recordEvent, type RecordEventInput } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import type { Tx } from "@/lib/db/types";
import { upsertConsent } from "@/lib/subscribers/upsert-consent";
import { AppError, parseInput } from "@/lib/errors";
import { normalizePhone } from "@/lib/phone/normalize-phone";
import { isPhoneSuppressed, SUPPRESSED_MESSAGE } from "@/lib/privacy/is-phone-suppressed";
import { ZAddSubscriberSchema } from "./staff-subscriber-schemas";

export async function addSubscriber(options: {
  organizationId: string;
  actor: Actor;
  input: unknown;
}) {
  const input = parseInput(ZAddSubscriberSchema, options.input);
  const phone = normalizePhone(input.phone, input.country);
  if (!phone.ok) throw AppError.validation({ phone: [phone.message] });
  await assertAudience(options.organizationId, input.audienceId);
  return db.$transaction(async (tx) => {
    const existing = await tx.subscriber.findUnique({
      where: { audienceId_phone: { audienceId: input.audienceId, phone: phone.e164 } },
    });
    if (existing && !existing.deletedAt)
      throw AppError.validation({ phone: ["This number is already in the audience"] });
    // An opted-out or erased number comes back only by the person's own new opt-in.
    if (
      await isPhoneSuppressed({
        organizationId: options.organizationId,
        phone: phone.e164,
        client: tx,
      })
    )
      throw AppError.validation({ phone: [SUPPRESSED_MESSAGE] });
    return createEvidencedSubscriber(tx, {
      organizationId: options.organizationId,
      actor: options.actor,
      method: "manual",
      importId: null,
      row: { ...input, phone: phone.e164, country: phone.country },
    });
  });
}

export async function assertAudience(organizationId: string, audienceId: string): Promise<void> {
  const audience = await db.audience.findFirst({
    where: { id: audienceId, organizationId },
    select: { id: true },
  });
  if (!audience) throw AppError.validation({ audienceId: ["Choose one of your audiences"] });
}

export type EvidencedRow = Omit<z.output<typeof ZAddSubscriberSchema>, "phone"> & {
  phone: string;
  /** Imported custom fields (name -> text); none when added by hand. */
  customFields?: Record<string, string>;
};

/** One confirmed subscriber from external evidence, with its event. Shared by add and import. */
export async function createEvidencedSubscriber(
  tx: Tx,
  options: {
    organizationId: string;
    actor: Actor;
    method: "manual" | "import";
    importId: string | null;
    row: EvidencedRow;
  },
) {
  const { row } = options;
  const at = row.originalConsentAt;
  const subscriber = await tx.subscriber.upsert({
    where: { audienceId_phone: { audienceId: row.audienceId, phone: row.phone } },
    create: {
      id: undefined,
      organizationId: options.organizationId,
      audienceId: row.audienceId,
      phone: row.phone,
      country: row.country,
      locale: row.locale,
      status: "CONFIRMED",
      confirmedAt: at,
    },
    // Only a deleted row can be here (callers refuse live duplicates): bring it back.
    update: {
      status: "CONFIRMED",
      confirmedAt: at,
      unsubscribedAt: null,
      deletedAt: null,
      locale: row.locale,
    },
  });
  await upsertConsent(tx, subscriber, "MARKETING", {
    grantedAt: at,
    confirmedAt: at,
    revokedAt: null,
    revokeMethod: null,
    grantMethod: options.method === "import" ? "import" : "staff",
  });
  await recordEvent(tx, subscriberAddedEvent({ ...options, subscriberId: subscriber.id }));
  return subscriber;
}

/** The subscriber.added event; the bulk import builds the very same (write-import-batch.ts). */
export function subscriberAddedEvent(options: {
  organizationId: string;
  subscriberId: string;
  actor: Actor;
  method: "manual" | "import";
  importId: string | null;
  row: EvidencedRow;
}): RecordEventInput<"subscriber.added"> {
  const { row } = options;
  return {
    organizationId: options.organizationId,
    subscriberId: options.subscriberId,
    type: "subscriber.added",
    data: {
      method: options.method,
      phone: row.phone,
      country: row.country,
      audienceId: row.audienceId,
      importId: options.importId,
      consent: {
        originalConsentAt: row.originalConsentAt.toISOString(),
        evidence: row.evidence,
        source: row.source,
      },
    },
    actor: options.actor,
  };
}

export function newImportId(): string {
  return `imp_${randomUUID()}`;
}
