// Step two of the privacy portal: the code. The same rules as every code (lib/verification:
// server clock decides expiry, constant-time HMAC comparison, 5 wrong entries kill it, used
// once, each failure a risk signal), but a right code changes no consent: it proves the
// number, and the caller gives the browser a portal session for that number.
//
// The session's number is the code's own (the row's), never one the browser sends, so a
// code for one number can never open another number's data; and a code of another
// organization (or a made-up id) is simply not right.
import "server-only";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { db } from "@/lib/db/client";
import type { Tx } from "@/lib/db/types";
import type { RequestContext } from "@/lib/http/request-context";
import { metrics } from "@/lib/metrics/metrics";
import { recordRiskEvent, type RiskEventType } from "@/lib/risk/record-risk-event";
import {
  afterWrongAttempt,
  isExpired,
  MAX_WRONG_ATTEMPTS,
  normalizeCodeInput,
} from "@/lib/verification/code-policy";
import { judgeCode, lockPending } from "@/lib/verification/check-verification";
import type { VerificationCode } from "@/lib/generated/prisma/client";
import { enforcePortalIpLimit } from "./request-portal-code";

export type PortalCodeFailure = "format" | "wrong_code" | "expired" | "dead";

export type CheckPortalCodeResult =
  { ok: true; phone: string } | { ok: false; reason: PortalCodeFailure };

export async function checkPortalCode(options: {
  organizationId: string;
  verificationId: string;
  code: string;
  context: RequestContext;
  now?: Date;
}): Promise<CheckPortalCodeResult> {
  const { organizationId, context } = options;
  const now = options.now ?? new Date();
  await enforcePortalIpLimit(context);
  const code = normalizeCodeInput(options.code);
  if (!code) return { ok: false, reason: "format" };
  if (!/^[\w-]{1,64}$/.test(options.verificationId)) return fail("wrong_code");
  const row = await db.verificationCode.findFirst({
    where: { id: options.verificationId, organizationId, purpose: "portal" },
  });
  // Unknown (a number on no list got a code that cannot be right), or another
  // organization's: the same answer as a wrong code.
  if (!row) return fail("wrong_code");
  if (row.status === "EXPIRED") return fail("expired");
  if (row.status !== "PENDING") return fail("dead");

  const signal = (type: RiskEventType, tx: Tx) =>
    recordRiskEvent(
      {
        organizationId,
        type,
        formId: null,
        ip: context.ip,
        phone: row.phone,
        country: parsePhoneNumberFromString(row.phone)?.country ?? null,
        detail: { verificationId: row.id, attempts: row.attempts, portal: true },
        at: now,
      },
      tx,
    );

  const settle = (apply: (tx: Tx, locked: VerificationCode) => Promise<CheckPortalCodeResult>) =>
    db.$transaction(async (tx) => {
      const locked = await lockPending(tx, row.id);
      // A concurrent check used or killed it first.
      if (!locked) return fail("dead");
      return apply(tx, locked);
    });

  const expire = () =>
    settle(async (tx) => {
      await tx.verificationCode.update({ where: { id: row.id }, data: { status: "EXPIRED" } });
      await signal("code_expired", tx);
      return fail("expired");
    });
  if (isExpired(row.expiresAt, now)) return expire();

  const verdict = await judgeCode(row, code);
  if (verdict === "expired") return expire();
  if (verdict === "right") {
    return settle(async (tx, locked) => {
      await tx.verificationCode.update({
        where: { id: locked.id },
        data: { status: "APPROVED", approvedAt: now },
      });
      metrics.confirmations.inc({ method: "code", result: "approved" });
      return { ok: true, phone: locked.phone };
    });
  }
  return settle(async (tx, locked) => {
    const next =
      verdict === "exhausted"
        ? { attempts: Math.max(locked.attempts + 1, MAX_WRONG_ATTEMPTS), dead: true }
        : afterWrongAttempt(locked.attempts);
    await tx.verificationCode.update({
      where: { id: locked.id },
      data: { attempts: next.attempts, ...(next.dead ? { status: "FAILED" as const } : {}) },
    });
    await signal(next.dead ? "code_attempts_exhausted" : "code_wrong", tx);
    return fail(next.dead ? "dead" : "wrong_code");
  });
}

function fail(reason: PortalCodeFailure): CheckPortalCodeResult {
  metrics.confirmations.inc({
    method: "code",
    result: reason === "dead" ? "too_many_attempts" : reason === "format" ? "wrong_code" : reason,
  });
  return { ok: false, reason };
}
