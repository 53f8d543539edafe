// The proof of opt-in for one subscriber, as one JSON-serialisable object (times are ISO-8601
// UTC with milliseconds). Shared by the page, the PDF and the API; it touches no database,
// so the PDF builder can be tested on a hand-made proof.
import { createHash } from "node:crypto";
import { canonicalJson } from "@/lib/consent-events/canonical-json";
import type { BrokenLinkReason } from "@/lib/consent-events/verify-chain";

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const PROOF_FORMAT = "optline.proof.v1";

export interface ProofActor {
  type: "system" | "subscriber" | "user" | "api_key";
  id: string | null;
  name: string | null;
}

/** An SMS row as stored: what was sent or received, and what the provider said about it. */
export interface ProofMessage {
  id: string;
  direction: "inbound" | "outbound";
  kind: string;
  provider: string;
  sid: string | null;
  from: string;
  to: string;
  body: string;
  status: string;
  providerStatus: string | null;
  errorCode: number | null;
  errorMessage: string | null;
  createdAt: string;
  sentAt: string | null;
  statusUpdatedAt: string | null;
}

/** A signed inbound SMS, as recorded in the event when it was received. */
export interface ProofInboundSms {
  messageId: string;
  sid: string;
  from: string;
  to: string;
  body: string;
  receivedAt: string;
  signatureVerified: boolean;
  /** sms: carrier webhook. dev_phone: typed by a staff member in the Dev phone (not a real reply). */
  channel: "sms" | "dev_phone";
}

/** The published form version the person saw. Published versions never change (trigger). */
export interface ProofFormVersion {
  formId: string;
  formSlug: string;
  formName: string | null;
  versionId: string;
  version: number;
  publishedAt: string | null;
  locale: string;
  programName: string;
  headline: string;
  consentText: string;
  frequencyText: string;
  ratesText: string;
  /** The HELP reply as the form defines it, and as it is sent (placeholders filled). */
  helpTextTemplate: string;
  helpText: string;
  /** The confirmation SMS template, and as it is sent (placeholders filled). */
  confirmationMessageTemplate: string;
  confirmationMessage: string;
  buttonLabel: string;
  termsUrl: string | null;
  termsVersion: string | null;
  privacyUrl: string | null;
  privacyVersion: string | null;
}

/** The SHA-256 recorded at signup against the SHA-256 of the stored consent text, now. */
export interface ProofConsentTextCheck {
  recordedSha256: string;
  computedSha256: string | null;
  matches: boolean;
}

export interface ProofSignup {
  eventId: string;
  seq: number;
  submittedAt: string;
  outcome: "pending" | "repeat_pending" | "already_confirmed";
  phone: string;
  country: string;
  locale: string;
  formId: string;
  formSlug: string;
  formVersionId: string;
  formVersion: number;
  form: ProofFormVersion | null;
  consentText: ProofConsentTextCheck;
  checkboxInitiallyChecked: boolean;
  checkboxChecked: boolean;
  buttonLabel: string;
  ip: string | null;
  userAgent: string | null;
  pageUrl: string | null;
  referrer: string | null;
  embedded: boolean;
  antiFraud: { result: string; signals: string[] };
  confirmationQueued: boolean;
}

/** Marketing consent given outside the signup form (enrollment screen, API, staff). */
export interface ProofMarketingGrant {
  eventId: string;
  seq: number;
  at: string;
  method: string;
  actor: ProofActor;
  formId: string | null;
  formVersionId: string | null;
  form: ProofFormVersion | null;
  consentText: ProofConsentTextCheck | null;
  checkboxInitiallyChecked: boolean;
  pageUrl: string | null;
  /** Method keyword: the text that matched the form's keyword (no checkbox was involved). */
  keyword: ProofKeywordText | null;
}

export interface ProofKeywordText {
  keyword: string;
  body: string;
  from: string;
  to: string;
  sid: string;
  receivedAt: string;
}

export interface ProofConfirmation {
  eventId: string;
  seq: number;
  confirmedAt: string;
  method: "sms_reply" | "code";
  /** SID of the confirmation SMS the reply answered. */
  confirmationSid: string | null;
  reply: ProofInboundSms | null;
}

export interface ProofResubscription {
  eventId: string;
  seq: number;
  at: string;
  keyword: string;
  inbound: ProofInboundSms;
  replyMessage: ProofMessage | null;
}

export interface ProofWithdrawal {
  eventId: string;
  seq: number;
  purpose: "marketing" | "verification";
  at: string;
  method: string;
  keyword: string | null;
  rawText: string | null;
  reason: string | null;
  inbound: ProofInboundSms | null;
  processedAt: string;
  /** The opt-out confirmation SMS; its SID arrives with its status callback. */
  confirmationMessage: ProofMessage | null;
}

/** Staff, import and verification events, with their sentence and labelled details. */
export interface ProofNotedEvent {
  eventId: string;
  seq: number;
  type: string;
  at: string;
  actor: ProofActor;
  sentence: string;
  details: [label: string, value: string][];
}

export interface ProofEvent {
  id: string;
  seq: number;
  type: string;
  sentence: string;
  /** False when the stored data no longer matches its type's schema (tampering). */
  schemaValid: boolean;
  actor: ProofActor;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  prevHash: string | null;
  hash: string;
  /** The stored data, exactly as hashed. */
  data: JsonValue;
}

export interface ProofConsent {
  state: "never_given" | "awaiting_confirmation" | "active" | "withdrawn";
  grantedAt: string | null;
  grantMethod: string | null;
  confirmedAt: string | null;
  confirmMethod: string | null;
  revokedAt: string | null;
  revokeMethod: string | null;
}

export interface ProofChain {
  ok: boolean;
  /** Events whose hash was recomputed. */
  checked: number;
  firstBroken: {
    /** Null when the event itself is missing (a truncated or removed chain). */
    eventId: string | null;
    seq: number;
    type: string | null;
    reason: BrokenLinkReason;
    createdAt: string | null;
  } | null;
  /** The chain's head record (latest seq and hash), written with every event. */
  head: { seq: number; hash: string } | null;
}

/**
 * The organization's latest evidence checkpoint when the proof was made, and this chain's
 * head as that checkpoint recorded it: whoever keeps the root can later check that the
 * evidence (this chain included) is still all there (GET /api/v1/evidence/verify?checkpoint=).
 */
export interface ProofCheckpoint {
  id: string;
  seq: number;
  root: string;
  createdAt: string;
  chain: { seq: number; hash: string } | null;
}

export interface Proof {
  format: typeof PROOF_FORMAT;
  /** The seller: who the person agreed to receive texts from. */
  organization: { id: string; name: string };
  subject: {
    subscriberId: string;
    phone: string;
    country: string;
    locale: string;
    audience: { id: string; name: string };
    status: string;
    createdAt: string;
    deletedAt: string | null;
    /** Personal data erased (then phone is "[erased]" and the events are redacted). */
    erasedAt?: string | null;
  };
  consents: { marketing: ProofConsent; verification: ProofConsent };
  signups: ProofSignup[];
  marketingGrants: ProofMarketingGrant[];
  confirmationMessages: ProofMessage[];
  confirmations: ProofConfirmation[];
  resubscriptions: ProofResubscription[];
  withdrawals: ProofWithdrawal[];
  staffEvents: ProofNotedEvent[];
  verificationEvents: ProofNotedEvent[];
  events: ProofEvent[];
  chain: ProofChain;
  checkpoint: ProofCheckpoint | null;
}

/** A proof with its generation metadata, which the content hash leaves out. */
export interface ProofDocument {
  documentId: string;
  generatedAt: string;
  contentSha256: string;
  data: Proof;
  /** Where the person sees, withdraws, downloads or erases this (the privacy portal). */
  portalUrl?: string;
}

/**
 * SHA-256 (hex) of the canonical JSON of the proof. Anyone holding the JSON can recompute it:
 * `sha256(canonicalJson(response.data))`, keys sorted, no whitespace.
 */
export function proofContentHash(proof: Proof): string {
  return createHash("sha256").update(canonicalJson(proof)).digest("hex");
}

export const CHAIN_REASON_LABELS: Record<BrokenLinkReason, string> = {
  hash_mismatch: "its stored content no longer matches its hash",
  prev_hash_mismatch: "it does not point to the hash of the event before it",
  seq_gap: "an event is missing before it",
  tail_missing: "the chain's head records later events, which are missing",
  head_mismatch: "the chain's last event is not the one its head records",
  head_missing: "the chain's head record is missing",
  chain_missing: "the whole chain is missing",
  redaction_mismatch: "what erasure left of it differs from what the erasure event recorded",
};

/** "Chain intact · 7 events verified" or the first broken link, in one line. */
/** The keyword text of a keyword opt-in, in one line (page and PDF). */
export function keywordLine(text: ProofKeywordText): string {
  return `“${text.keyword}”: the person texted “${text.body}” from ${text.from} to ${text.to} at ${text.receivedAt} (${text.sid})`;
}

export function describeChain(chain: ProofChain): string {
  if (chain.ok) {
    return `Chain intact · ${chain.checked} ${chain.checked === 1 ? "event" : "events"} verified`;
  }
  const broken = chain.firstBroken;
  if (!broken) return "Chain broken";
  return `Chain broken at event #${broken.seq}${broken.type ? ` (${broken.type})` : ""}: ${CHAIN_REASON_LABELS[broken.reason]} [${broken.reason}]`;
}

/** The JSON answer (API and download): the hashed data apart from its generation metadata. */
export function proofJsonBody(proof: ProofDocument) {
  return {
    data: proof.data,
    documentId: proof.documentId,
    contentSha256: proof.contentSha256,
    generatedAt: proof.generatedAt,
  };
}

/** `proof-+12015550123-PRF-XXXX.pdf` */
export function proofFileName(proof: ProofDocument, extension: "pdf" | "json"): string {
  const phone = proof.data.subject.phone.replace(/[^0-9+]/g, "");
  return `proof-${phone}-${proof.documentId}.${extension}`;
}

const OUTCOME_THEN: Record<ProofSignup["outcome"], string> = {
  pending: "awaiting confirmation: a confirmation SMS was to ask for YES",
  repeat_pending: "still awaiting confirmation from an earlier signup",
  already_confirmed: "already subscribed",
};

/** Where a signup stood when it was submitted (not where the subscriber stands now). */
export function signupStatusThen(signup: Pick<ProofSignup, "outcome" | "confirmationQueued">) {
  const sms = signup.confirmationQueued
    ? "confirmation SMS queued"
    : signup.outcome === "already_confirmed"
      ? "no confirmation SMS needed"
      : "no new confirmation SMS (one was sent less than a minute before)";
  return `${OUTCOME_THEN[signup.outcome]}; ${sms}`;
}

/** Where a consent stands now, in words. */
export function consentStatusNow(consent: ProofConsent): string {
  switch (consent.state) {
    case "active":
      return consent.confirmedAt
        ? `confirmed ${consent.confirmedAt}${consent.confirmMethod ? ` (${consent.confirmMethod.replace(/_/g, " ")})` : ""}`
        : "given";
    case "awaiting_confirmation":
      return "still awaiting confirmation";
    case "withdrawn":
      return `withdrawn ${consent.revokedAt ?? ""}`.trim();
    case "never_given":
      return "never given";
  }
}
