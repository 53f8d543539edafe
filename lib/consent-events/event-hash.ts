// The hash that links consent events into a tamper-evident chain. Each event's hash covers
// every stored column of the event and the previous event's hash, so editing, reordering
// or removing any event breaks every later link of its chain.
import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json";

export const HASH_VERSION = 1;

export interface HashedEventFields {
  id: string;
  organizationId: string;
  subscriberId: string | null;
  chainId: string;
  seq: number;
  prevHash: string | null;
  type: string;
  data: unknown;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
}

export function computeEventHash(event: HashedEventFields): string {
  const canonical = canonicalJson({
    v: HASH_VERSION,
    id: event.id,
    organizationId: event.organizationId,
    subscriberId: event.subscriberId,
    chainId: event.chainId,
    seq: event.seq,
    prevHash: event.prevHash,
    type: event.type,
    data: event.data,
    actorType: event.actorType,
    actorId: event.actorId,
    actorName: event.actorName,
    ip: event.ip,
    userAgent: event.userAgent,
    createdAt: event.createdAt.toISOString(),
  });
  return createHash("sha256").update(canonical).digest("hex");
}
