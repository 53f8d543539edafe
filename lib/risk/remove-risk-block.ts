// Lifting a block by hand (Risk page). The row stays, ended now, as history; the counters
// behind it start from zero, and the detectors count only what comes after, so the next
// request is not blocked again by the activity that caused this block. Who lifted it, and
// what, goes on the organization's chain with the change (the audit log shows it).
import "server-only";
import type { Actor } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { RiskBlock } from "@/lib/generated/prisma/client";
import { resetRateLimit } from "@/lib/rate-limit/check-rate-limit";
import { RISK_COUNTER_KEYS } from "./risk-blocks";
import { RISK_THRESHOLDS } from "./thresholds";

export async function removeRiskBlock(options: {
  organizationId: string;
  blockId: string;
  actor: Actor;
  now?: Date;
}): Promise<RiskBlock> {
  const { organizationId, blockId } = options;
  const now = options.now ?? new Date();
  const block = await db.riskBlock.findFirst({ where: { id: blockId, organizationId } });
  if (!block) throw AppError.notFound("Block");
  if (block.expiresAt <= now) return block;
  const ended = await db.$transaction(async (tx) => {
    const updated = await tx.riskBlock.update({
      where: { id: block.id },
      data: { expiresAt: now },
    });
    await recordEvent(tx, {
      organizationId,
      type: "risk_block.removed",
      data: {
        blockId: block.id,
        kind: block.kind,
        value: block.value,
        reason: block.reason,
        wouldHaveEndedAt: block.expiresAt.toISOString(),
      },
      actor: options.actor,
    });
    return updated;
  });

  const { ipRefusals, prefixBurst, codeRequests, foreignCountry } = RISK_THRESHOLDS;
  const counters = {
    ip: { key: RISK_COUNTER_KEYS.ipRefusals(organizationId, block.value), ...ipRefusals },
    prefix: { key: RISK_COUNTER_KEYS.prefix(organizationId, block.value), ...prefixBurst },
    phone: { key: RISK_COUNTER_KEYS.codes(organizationId, block.value), ...codeRequests },
    country: { key: RISK_COUNTER_KEYS.country(organizationId, block.value), ...foreignCountry },
  };
  const counter = counters[block.kind as keyof typeof counters];
  if (counter) {
    await resetRateLimit({ key: counter.key, limit: 0, windowSeconds: counter.windowSeconds }, now);
  }
  return ended;
}
