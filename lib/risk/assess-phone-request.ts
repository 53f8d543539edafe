// The SMS pumping checks for one request that would text a number (a signup or a code
// request), run after the number is known and valid, before anything is written or sent.
// In order: the form's country allow-list (422), active blocks (429), rate limits (429),
// then the pattern detectors of thresholds.ts, which record flags and may place blocks; a
// request that places a block is itself refused. Thresholds and their reasons: thresholds.ts.
import "server-only";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import {
  checkRateLimits,
  type RateLimitResult,
  type RateLimitRule,
} from "@/lib/rate-limit/check-rate-limit";
import { refuseRateLimited } from "./guard-request-ip";
import { phonePrefix, recordRiskEvent, type RiskEventType } from "./record-risk-event";
import { readRiskState, type RecentRequest, type RiskState } from "./read-risk-state";
import {
  activeBlock,
  blocksOf,
  lastBlockEnd,
  placeRiskBlock,
  refuseBlocked,
  riskTargets,
  RISK_COUNTER_KEYS,
  type BlockTarget,
  type RequestFacts,
} from "./risk-blocks";
import { ipNetwork } from "./ip-network";
import { longestSequentialRun } from "./sequential-run";
import { RISK_THRESHOLDS } from "./thresholds";

export interface PhoneRequestOptions {
  organizationId: string;
  formId: string | null;
  /** The person's IP; null when unknown or not theirs (an API call comes from a server). */
  ip: string | null;
  /** E.164, already validated. */
  phone: string;
  /** ISO country of the number. */
  country: string;
  /** The form's default country and allow-list (empty: the default country only). */
  defaultCountry: string;
  allowedCountries: readonly string[];
  now?: Date;
  /** Read already by the caller (riskTargets, with the detectors' window); read here if not. */
  state?: RiskState;
}

export interface AssessSignupOptions extends PhoneRequestOptions {
  /** The signup flow's limit per number, and what a person over it is told. */
  perPhone: { rule: RateLimitRule; message: string };
}

/** For a signup: throws AppError (422 country, 429 blocked or limited) or returns. */
export async function assessSignup(options: AssessSignupOptions): Promise<void> {
  await assessPhoneRequest(options, "signup", options.perPhone);
}

/**
 * For a verification code request (send or resend), after the number is normalized and
 * before the code is created: the IP's block and limit, then the same checks as a signup,
 * plus repeated requests for one number. Throws AppError (422, 429) or returns.
 */
export async function assessCodeRequest(options: PhoneRequestOptions): Promise<void> {
  await assessPhoneRequest(options, "code", null);
}

type RequestKind = "signup" | "code";

interface Flag {
  type: RiskEventType;
  detail: Prisma.InputJsonObject;
  block?: { target: BlockTarget; seconds: number };
}

async function assessPhoneRequest(
  options: PhoneRequestOptions,
  kind: RequestKind,
  perPhone: { rule: RateLimitRule; message: string } | null,
): Promise<void> {
  const { organizationId, formId, ip, phone, country } = options;
  const now = options.now ?? new Date();
  const prefix = phonePrefix(phone);
  const facts: RequestFacts = { organizationId, formId, ip, phone, country };

  const allowed =
    options.allowedCountries.length > 0 ? options.allowedCountries : [options.defaultCountry];
  if (!allowed.includes(country)) {
    const message = countryMessage(allowed);
    await recordRiskEvent({
      ...facts,
      type: "country_not_allowed",
      detail: { allowedCountries: [...allowed] },
      at: now,
    });
    throw AppError.validation({ phone: [message] }, message);
  }

  const targets = riskTargets(ip, { phone, country });
  const { blocks, recent } =
    options.state ?? (await readRiskState({ organizationId, targets, window: { ip, phone }, now }));
  const blocked = activeBlock(blocksOf(blocks, targets), now);
  if (blocked) throw await refuseBlocked(facts, blocked, { now, newBlock: false });

  const limits: { rule: RateLimitRule; message: string }[] = [];
  if (perPhone) limits.push(perPhone);
  if (kind === "code" && ip) {
    const { limit, windowSeconds } = RISK_THRESHOLDS.codeRequestsPerIp;
    limits.push({
      rule: { key: `code:ip:${ip}`, limit, windowSeconds },
      message: "Too many code requests from your network. Try again later.",
    });
  }
  if (country !== options.defaultCountry) {
    const { limit, windowSeconds } = RISK_THRESHOLDS.foreignCountry;
    limits.push({
      rule: { key: RISK_COUNTER_KEYS.country(organizationId, country), limit, windowSeconds },
      message: "Too many requests for numbers in this country right now. Try again later.",
    });
  }
  // The limits and the detectors' counters, counted together in one round trip.
  const { prefixBurst, codeRequests } = RISK_THRESHOLDS;
  const burstRule: RateLimitRule = {
    key: RISK_COUNTER_KEYS.prefix(organizationId, prefix),
    limit: prefixBurst.blockAbove,
    windowSeconds: prefixBurst.windowSeconds,
  };
  const codesRule: RateLimitRule | null =
    kind === "code"
      ? {
          key: RISK_COUNTER_KEYS.codes(organizationId, phone),
          limit: codeRequests.blockAbove,
          windowSeconds: codeRequests.windowSeconds,
        }
      : null;
  const counted = await checkRateLimits(
    [...limits.map((limit) => limit.rule), burstRule, ...(codesRule ? [codesRule] : [])],
    now,
  );
  for (const [index, { rule, message }] of limits.entries()) {
    const result = counted[index]!;
    if (!result.allowed) throw await refuseRateLimited(facts, [{ rule, result }], message, now);
  }
  const burst = counted[limits.length]!;
  const codes = codesRule ? counted[limits.length + 1]! : null;

  const flags = detectPatterns({ ...options, now, prefix, blocks, recent, burst, codes });
  const placed = [];
  for (const flag of flags) {
    const block = flag.block
      ? await placeRiskBlock({
          organizationId,
          target: flag.block.target,
          reason: flag.type,
          seconds: flag.block.seconds,
          now,
        })
      : null;
    if (block) placed.push(block);
    await recordRiskEvent({
      ...facts,
      type: flag.type,
      detail: block
        ? {
            ...flag.detail,
            block: { kind: block.kind, value: block.value, until: block.expiresAt.toISOString() },
          }
        : flag.detail,
      at: now,
    });
  }
  if (placed[0]) throw await refuseBlocked(facts, placed[0], { now, newBlock: true });
}

const hasPhone = (row: RecentRequest): row is RecentRequest & { phone: string } =>
  row.phone !== null;

function detectPatterns(
  options: PhoneRequestOptions & {
    now: Date;
    prefix: string;
    blocks: RiskState["blocks"];
    recent: RecentRequest[];
    burst: RateLimitResult;
    codes: RateLimitResult | null;
  },
): Flag[] {
  const { ip, phone, prefix, now, blocks, recent, burst, codes } = options;
  const { ipNumbers, sequential, prefixBurst, codeRequests } = RISK_THRESHOLDS;
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
  const after = (a: Date, b: Date | null) => (b && b > a ? b : a);
  const ipSince = ip ? lastBlockEnd(blocks, { kind: "ip", value: ip }, now) : null;
  const prefixSince = lastBlockEnd(blocks, { kind: "prefix", value: prefix }, now);

  const numbers = recent.filter(hasPhone);
  const flags: Flag[] = [];

  if (ip) {
    const numbersSince = (from: Date) =>
      new Set([phone, ...numbers.filter((r) => r.ip === ip && r.at > from).map((r) => r.phone)])
        .size;
    const lastTenMinutes = numbersSince(after(ago(ipNumbers.flagWindowSeconds), ipSince));
    const lastHour = numbersSince(after(ago(ipNumbers.blockWindowSeconds), ipSince));
    if (lastTenMinutes > ipNumbers.flagAbove || lastHour > ipNumbers.blockAbove) {
      flags.push({
        type: "suspicious_ip_many_numbers",
        detail: { numbersLast10Minutes: lastTenMinutes, numbersLastHour: lastHour },
        ...(lastHour > ipNumbers.blockAbove
          ? { block: { target: { kind: "ip", value: ip }, seconds: ipNumbers.blockSeconds } }
          : {}),
      });
    }
  }

  const sequentialSince = after(ago(sequential.windowSeconds), prefixSince);
  const inPrefix = numbers.filter((r) => r.phone.startsWith(prefix) && r.at > sequentialSince);
  const run = longestSequentialRun(
    phone,
    inPrefix.map((r) => r.phone),
    sequential.maxStep,
  );
  if (run.length >= sequential.flagAtLength) {
    const members = new Set(run.members);
    const networks = new Set<string>(ip ? [ipNetwork(ip)] : []);
    for (const row of inPrefix) {
      if (row.ip && members.has(row.phone)) networks.add(ipNetwork(row.ip));
    }
    const shouldBlock =
      run.length >= sequential.blockAtLength && networks.size >= sequential.blockMinNetworks;
    flags.push({
      type: "sequential_numbers",
      detail: {
        length: run.length,
        step: run.step,
        first: run.members[0] ?? phone,
        last: run.members.at(-1) ?? phone,
        networks: networks.size,
      },
      ...(shouldBlock
        ? { block: { target: { kind: "prefix", value: prefix }, seconds: sequential.blockSeconds } }
        : {}),
    });
  }

  if (burst.count > prefixBurst.flagAbove) {
    flags.push({
      type: "prefix_burst",
      detail: { requestsLast10Minutes: Math.round(burst.count * 100) / 100 },
      ...(!burst.allowed
        ? {
            block: { target: { kind: "prefix", value: prefix }, seconds: prefixBurst.blockSeconds },
          }
        : {}),
    });
  }

  if (codes && !codes.allowed) {
    flags.push({
      type: "repeated_code_requests",
      detail: { requestsLastHour: Math.round(codes.count * 100) / 100 },
      block: { target: { kind: "phone", value: phone }, seconds: codeRequests.blockSeconds },
    });
  }
  return flags;
}

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

/** "This form accepts only numbers from the United States." (or "…Germany, France or Poland.") */
function countryMessage(countries: readonly string[]): string {
  const names = countries.map((code) => {
    const name = regionNames.of(code) ?? code;
    return name === "United States" || name === "United Kingdom" || name === "Netherlands"
      ? `the ${name}`
      : name;
  });
  const list =
    names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
  return `This form accepts only numbers from ${list}.`;
}
