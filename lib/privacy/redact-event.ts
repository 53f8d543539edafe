// What erasure leaves of an evidence event, and the digest that keeps it verifiable.
//
// An event's hash covers its personal fields in clear (event-hash.ts), so once they are gone
// the hash can no longer be recomputed. The erasure event (subscriber.erased, appended to the
// same chain in the same transaction, and itself hashed and chained as usual) therefore
// records a residual digest of each redacted event: every column that remains, including the
// event's original hash and prevHash. Verification recomputes the residual of a redacted row
// and compares it with the erasure event's (verify-chain.ts); links (seq, prevHash → hash)
// are checked as for any row. So after erasure everything still stored stays tamper-evident,
// and the chain shows that an erasure happened and when.
import { createHash } from "node:crypto";
import { canonicalJson } from "@/lib/consent-events/canonical-json";
import type { HashedEventFields } from "@/lib/consent-events/event-hash";

export const ERASED = "[erased]";

/**
 * Keys whose string values are personal in any event's data: numbers (phone, from, to), SMS
 * text (body, rawText, provider error messages can quote the number), where the person was
 * (pageUrl, referrer) and free-text evidence staff pasted about them. Everything else is about
 * the organization's own forms, messages and decisions.
 */
const PERSONAL_KEYS = new Set([
  "phone",
  "from",
  "to",
  "body",
  "rawText",
  "pageUrl",
  "referrer",
  "evidence",
  "errorMessage",
]);

/** The data with every personal string replaced by "[erased]" (nulls stay null: the shape holds). */
export function redactData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactData);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        PERSONAL_KEYS.has(key) && typeof inner === "string" ? ERASED : redactData(inner),
      ]),
    );
  }
  return value;
}

/** An evidence row as stored: the hashed columns and the hash itself. */
export interface RedactableEvent extends HashedEventFields {
  hash: string;
}

/**
 * The personal columns after erasure: no IP or browser, and no actor name when the actor was
 * the person (their name is their number). Staff and API key names are kept.
 */
export function redactEvent<E extends RedactableEvent>(event: E): E {
  return {
    ...event,
    data: redactData(event.data),
    actorName: event.actorType === "SUBSCRIBER" ? null : event.actorName,
    ip: null,
    userAgent: null,
  };
}

/** SHA-256 over every column a redacted event keeps. */
export function residualHash(event: RedactableEvent): string {
  return createHash("sha256")
    .update(
      canonicalJson({
        v: 1,
        id: event.id,
        organizationId: event.organizationId,
        subscriberId: event.subscriberId,
        chainId: event.chainId,
        seq: event.seq,
        prevHash: event.prevHash,
        hash: event.hash,
        type: event.type,
        data: event.data,
        actorType: event.actorType,
        actorId: event.actorId,
        actorName: event.actorName,
        ip: event.ip,
        userAgent: event.userAgent,
        createdAt: event.createdAt.toISOString(),
      }),
    )
    .digest("hex");
}
