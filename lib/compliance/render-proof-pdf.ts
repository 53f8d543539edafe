// The proof of opt-in as a PDF, built on the server with pdfkit. Text is set in DejaVu (from
// the dejavu-fonts-ttf package, read from node_modules at run time), so that ł, ś, ß, é and
// the like print as themselves. The document id and the content SHA-256 are also written to
// the PDF's metadata, where a program can read them back.
import "server-only";
import { createRequire } from "node:module";
import path from "node:path";
import PDFDocument from "pdfkit";
import { formatPhone } from "@/lib/phone/normalize-phone";
import { inboundChannelLabel } from "@/lib/consent-events/describe-event";
import {
  consentStatusNow,
  describeChain,
  keywordLine,
  signupStatusThen,
  type ProofConsent,
  type ProofDocument,
  type ProofFormVersion,
  type ProofInboundSms,
  type ProofMessage,
} from "./proof-types";

// Resolved from the app's root at run time. `createRequire(import.meta.url)` would make the
// bundler try to bundle every file of the font package as a module, and fail on .ttf.
const fromAppRoot = createRequire(path.join(process.cwd(), "package.json"));

const FONTS = {
  sans: "DejaVuSans.ttf",
  bold: "DejaVuSans-Bold.ttf",
  mono: "DejaVuSansMono.ttf",
} as const;
type FontName = keyof typeof FONTS;

export function proofFontPath(font: FontName): string {
  return fromAppRoot.resolve(`dejavu-fonts-ttf/ttf/${FONTS[font]}`);
}

const PAGE = { size: "A4", margin: 50, footer: 28 } as const;
const LABEL_WIDTH = 150;
const COLORS = {
  text: "#0f172a",
  muted: "#475569",
  rule: "#cbd5e1",
  okFill: "#ecfdf5",
  okText: "#065f46",
  badFill: "#fef2f2",
  badText: "#991b1b",
} as const;

type Value = string | number | boolean | null | undefined;

/** Renders the proof; resolves with the whole PDF file. */
export function renderProofPdf(document: ProofDocument): Promise<Buffer> {
  const proof = document.data;
  const doc = new PDFDocument({
    size: PAGE.size,
    margins: {
      top: PAGE.margin,
      left: PAGE.margin,
      right: PAGE.margin,
      bottom: PAGE.margin + PAGE.footer,
    },
    bufferPages: true,
    font: proofFontPath("sans"),
    info: {
      Title: `Proof of opt-in ${proof.subject.phone} (${document.documentId})`,
      Author: proof.organization.name,
      Subject: `SHA-256 of the proof content: ${document.contentSha256}`,
      Keywords: `${document.documentId} ${document.contentSha256}`,
      Creator: "optline",
      CreationDate: new Date(document.generatedAt),
    },
  });
  for (const name of Object.keys(FONTS) as FontName[]) doc.registerFont(name, proofFontPath(name));

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const left = PAGE.margin;
  const width = doc.page.width - PAGE.margin * 2;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const ensure = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };
  const show = (value: Value): string =>
    value === null || value === undefined || value === ""
      ? "—"
      : typeof value === "boolean"
        ? value
          ? "yes"
          : "no"
        : String(value);

  const heading = (text: string) => {
    ensure(60);
    doc.moveDown(0.8);
    doc.font("bold").fontSize(12.5).fillColor(COLORS.text).text(text, left, doc.y, { width });
    const y = doc.y + 2;
    doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .lineWidth(0.6)
      .strokeColor(COLORS.rule)
      .stroke();
    doc.y = y + 6;
  };
  const subheading = (text: string) => {
    ensure(40);
    doc.moveDown(0.3);
    doc.font("bold").fontSize(10).fillColor(COLORS.text).text(text, left, doc.y, { width });
    doc.moveDown(0.2);
  };
  const note = (text: string) => {
    doc.font("sans").fontSize(9).fillColor(COLORS.muted).text(text, left, doc.y, { width });
    doc.moveDown(0.3);
  };
  const row = (label: string, value: Value, options: { mono?: boolean } = {}) => {
    const text = show(value);
    const valueFont: FontName = options.mono ? "mono" : "sans";
    const valueWidth = width - LABEL_WIDTH;
    doc.font("sans").fontSize(8.5);
    const labelHeight = doc.heightOfString(label, { width: LABEL_WIDTH - 8 });
    doc.font(valueFont).fontSize(options.mono ? 8.5 : 9.5);
    const valueHeight = doc.heightOfString(text, { width: valueWidth });
    // A value longer than a page simply flows on; anything shorter is kept whole.
    if (valueHeight < bottom() - doc.page.margins.top) ensure(Math.max(labelHeight, valueHeight));
    const y = doc.y;
    const page = doc.page;
    doc
      .font("sans")
      .fontSize(8.5)
      .fillColor(COLORS.muted)
      .text(label, left, y, { width: LABEL_WIDTH - 8 });
    const afterLabel = doc.y;
    doc
      .font(valueFont)
      .fontSize(options.mono ? 8.5 : 9.5)
      .fillColor(COLORS.text)
      .text(text, left + LABEL_WIDTH, y, { width: valueWidth });
    // The label can be the taller of the two, unless the value ran onto the next page.
    doc.y = (doc.page === page ? Math.max(doc.y, afterLabel) : doc.y) + 3;
  };
  const time = (label: string, value: string | null | undefined) => row(label, utc(value));
  const message = (m: ProofMessage | null, what: string) => {
    if (!m) {
      row(what, "not on record");
      return;
    }
    row("Body as sent", m.body);
    row("Message SID", m.sid ?? "not known yet (arrives with the status callback)", {
      mono: true,
    });
    row("Sender", m.from);
    row("Recipient", m.to);
    row("Provider", m.provider);
    time("Queued", m.createdAt);
    time("Sent", m.sentAt);
    row("Delivery status", m.status.toLowerCase());
    row("Error code", m.errorCode);
    if (m.errorMessage) row("Error", m.errorMessage);
    time("Status updated", m.statusUpdatedAt);
  };
  const inbound = (sms: ProofInboundSms) => {
    row("Raw body", JSON.stringify(sms.body));
    row("Message SID", sms.sid, { mono: true });
    row("From", sms.from);
    row("To", sms.to);
    time("Received", sms.receivedAt);
    row("Channel", inboundChannelLabel(sms));
    row("Signature verified", sms.signatureVerified);
  };
  const form = (f: ProofFormVersion | null) => {
    if (!f) {
      row("Form version", "not found in this organization");
      return;
    }
    row("Form", `${f.formName ?? f.formSlug} (id ${f.formId}, /f/${f.formSlug})`);
    row("Form version", `${f.version} (id ${f.versionId})`);
    time("Version published", f.publishedAt);
    row("Program name", f.programName);
    row("Headline", f.headline);
    row("Consent text shown", f.consentText);
    row("Frequency text", f.frequencyText);
    row("Rates text", f.ratesText);
    row("HELP text", f.helpText);
    row("Confirmation template", f.confirmationMessageTemplate);
    row("Terms", f.termsUrl ? `${f.termsUrl}${versionSuffix(f.termsVersion)}` : "none shown");
    row(
      "Privacy policy",
      f.privacyUrl ? `${f.privacyUrl}${versionSuffix(f.privacyVersion)}` : "none shown",
    );
  };
  const consent = (title: string, c: ProofConsent, withConfirmation: boolean) => {
    subheading(title);
    row("State", c.state.replace(/_/g, " "));
    time("Granted", c.grantedAt);
    row("Grant method", c.grantMethod);
    if (withConfirmation) {
      time("Confirmed", c.confirmedAt);
      row("Confirmation method", c.confirmMethod);
    }
    time("Revoked", c.revokedAt);
    row("Revoke method", c.revokeMethod);
  };

  // --- Title and document identity ---------------------------------------------------------
  doc
    .font("bold")
    .fontSize(18)
    .fillColor(COLORS.text)
    .text("Proof of opt-in", left, doc.y, { width });
  doc
    .font("sans")
    .fontSize(11)
    .fillColor(COLORS.muted)
    .text(`${formatPhone(proof.subject.phone)} · ${proof.organization.name}`, { width });
  doc.moveDown(0.6);
  row("Document id", document.documentId, { mono: true });
  time("Generated", document.generatedAt);
  row("Content SHA-256", document.contentSha256, { mono: true });
  if (document.portalUrl) row("Privacy page for the person", document.portalUrl);
  row(
    "Evidence checkpoint",
    proof.checkpoint
      ? `#${proof.checkpoint.seq} of ${utc(proof.checkpoint.createdAt)}, root ${proof.checkpoint.root}` +
          (proof.checkpoint.chain ? `; this chain up to event #${proof.checkpoint.chain.seq}` : "")
      : "none published yet",
    { mono: true },
  );
  note(
    "The content SHA-256 is the SHA-256 of the canonical JSON (keys sorted, no whitespace) of the proof data returned by GET /api/v1/subscribers/<id>/proof, without its generation metadata.",
  );

  // --- Chain badge ---------------------------------------------------------------------------
  const badge = describeChain(proof.chain);
  doc.font("bold").fontSize(11);
  const badgeHeight = doc.heightOfString(badge, { width: width - 20 }) + 14;
  ensure(badgeHeight + 10);
  const badgeY = doc.y + 4;
  doc
    .roundedRect(left, badgeY, width, badgeHeight, 4)
    .fill(proof.chain.ok ? COLORS.okFill : COLORS.badFill);
  doc
    .fillColor(proof.chain.ok ? COLORS.okText : COLORS.badText)
    .text(badge, left + 10, badgeY + 7, { width: width - 20 });
  doc.y = badgeY + badgeHeight + 6;
  if (proof.chain.firstBroken) {
    row(
      "First broken event",
      proof.chain.firstBroken.eventId ?? `#${proof.chain.firstBroken.seq} (missing)`,
      {
        mono: true,
      },
    );
    time("Its time", proof.chain.firstBroken.createdAt);
  }

  // --- Who -----------------------------------------------------------------------------------
  heading("Subject");
  row("Phone (E.164)", proof.subject.phone);
  row("Country", proof.subject.country);
  row("Locale", proof.subject.locale);
  row("Audience", `${proof.subject.audience.name} (id ${proof.subject.audience.id})`);
  row("Seller", `${proof.organization.name} (id ${proof.organization.id})`);
  row("Subscriber id", proof.subject.subscriberId, { mono: true });
  row("List status", proof.subject.status.replace(/_/g, " "));
  time("First seen", proof.subject.createdAt);
  if (proof.subject.erasedAt) time("Personal data erased", proof.subject.erasedAt);
  else if (proof.subject.deletedAt) time("Deleted by staff", proof.subject.deletedAt);

  heading("Consents");
  consent("Marketing texts", proof.consents.marketing, true);
  consent("Verification codes (2FA)", proof.consents.verification, false);

  // --- What they were shown, when and from where ---------------------------------------------
  heading("Signups: what was shown, when and from where");
  if (proof.signups.length === 0) note("No signup form submission on record.");
  proof.signups.forEach((s, index) => {
    subheading(`Signup ${index + 1} of ${proof.signups.length} (event #${s.seq})`);
    time("Submitted (UTC)", s.submittedAt);
    row("Status then", signupStatusThen(s));
    row("Marketing consent now", consentStatusNow(proof.consents.marketing));
    row("Phone", s.phone);
    row("Country / locale", `${s.country} / ${s.locale}`);
    row("IP address", s.ip);
    row("User agent", s.userAgent);
    row("Page URL", s.pageUrl);
    row("Referrer", s.referrer);
    row("Embedded (iframe)", s.embedded);
    row(
      "Anti-fraud",
      s.antiFraud.signals.length
        ? `${s.antiFraud.result}: ${s.antiFraud.signals.join(", ")}`
        : s.antiFraud.result,
    );
    row(
      "Checkbox",
      `${s.checkboxInitiallyChecked ? "started checked" : "started unchecked"}, ${s.checkboxChecked ? "ticked by the person" : "not ticked"}`,
    );
    row("Button label", s.buttonLabel);
    form(s.form);
    row("Consent text SHA-256 (recorded)", s.consentText.recordedSha256, { mono: true });
    row("SHA-256 of stored text", s.consentText.computedSha256, { mono: true });
    row(
      "Consent text check",
      s.consentText.matches
        ? "matches: the stored text is exactly the text recorded at signup"
        : "DOES NOT MATCH the hash recorded at signup",
    );
  });
  if (proof.marketingGrants.length > 0) {
    subheading("Marketing consent given outside the signup form");
    for (const g of proof.marketingGrants) {
      time(`Event #${g.seq}`, g.at);
      row("Method", g.method);
      row("By", actorLine(g.actor));
      row("Page URL", g.pageUrl);
      if (g.keyword)
        row("Keyword", `${keywordLine(g.keyword)} (no checkbox: consent by text message)`);
      else row("Checkbox", g.checkboxInitiallyChecked ? "started checked" : "started unchecked");
      if (g.consentText) row("Consent text check", g.consentText.matches ? "matches" : "MISMATCH");
      if (g.form) form(g.form);
    }
  }

  // --- Confirmation SMS and the reply --------------------------------------------------------
  heading("Confirmation SMS");
  if (proof.confirmationMessages.length === 0) note("No confirmation SMS on record.");
  proof.confirmationMessages.forEach((m, index) => {
    subheading(`Confirmation SMS ${index + 1} of ${proof.confirmationMessages.length}`);
    message(m, "Message");
  });

  heading("Confirming reply (YES)");
  if (proof.confirmations.length === 0) note("The subscriber has not confirmed.");
  for (const c of proof.confirmations) {
    subheading(`Confirmed (event #${c.seq})`);
    time("Confirmed at", c.confirmedAt);
    row("Method", c.method === "sms_reply" ? "SMS reply" : "code");
    row("Answering confirmation SID", c.confirmationSid, { mono: true });
    if (c.reply) inbound(c.reply);
  }
  if (proof.resubscriptions.length > 0) {
    subheading("Subscribed again after an opt-out");
    for (const r of proof.resubscriptions) {
      time(`Event #${r.seq}`, r.at);
      row("Keyword", r.keyword);
      inbound(r.inbound);
      row("Reply SID", r.replyMessage?.sid, { mono: true });
    }
  }

  // --- Withdrawals ---------------------------------------------------------------------------
  heading("Withdrawals");
  if (proof.withdrawals.length === 0) note("No withdrawal on record.");
  for (const w of proof.withdrawals) {
    subheading(
      `${w.purpose === "marketing" ? "Marketing" : "Verification (2FA)"} consent withdrawn (event #${w.seq})`,
    );
    time("Time", w.at);
    row("Method", w.keyword ? `${w.method} (${w.keyword})` : w.method);
    row("Raw text", w.rawText === null ? null : JSON.stringify(w.rawText));
    if (w.reason) row("Reason", w.reason);
    if (w.inbound) {
      row("Inbound SID", w.inbound.sid, { mono: true });
      row("Channel", inboundChannelLabel(w.inbound));
      row("Signature verified", w.inbound.signatureVerified);
    }
    time("Processed", w.processedAt);
    if (w.purpose === "marketing") {
      row("Opt-out confirmation", w.confirmationMessage?.body);
      row("Its SID", w.confirmationMessage?.sid, { mono: true });
      row("Its status", w.confirmationMessage?.status.toLowerCase());
    }
  }

  // --- Staff, import and verification ---------------------------------------------------------
  if (proof.staffEvents.length > 0) {
    heading("Staff and import actions");
    for (const e of proof.staffEvents) {
      subheading(`#${e.seq} ${e.sentence}`);
      time("Time", e.at);
      row("By", actorLine(e.actor));
      for (const [label, value] of e.details) row(label, value);
    }
  }
  if (proof.verificationEvents.length > 0) {
    heading("Verification (2FA)");
    for (const e of proof.verificationEvents) {
      subheading(`#${e.seq} ${e.sentence}`);
      time("Time", e.at);
      for (const [label, value] of e.details) row(label, value);
    }
  }

  // --- Every event ----------------------------------------------------------------------------
  heading(`Evidence chain (${proof.events.length} events)`);
  note(
    "Each event's hash is the SHA-256 of its canonical JSON including the previous event's hash, so changing, removing or reordering any event breaks every later link.",
  );
  for (const e of proof.events) {
    subheading(`#${e.seq} ${e.type}`);
    row("What happened", e.sentence);
    time("Time", e.createdAt);
    row("Actor", actorLine(e.actor));
    if (e.ip) row("IP", e.ip);
    row("Hash", e.hash, { mono: true });
    row("Previous hash", e.prevHash, { mono: true });
    if (proof.chain.firstBroken?.eventId === e.id) {
      row("Chain check", `BROKEN HERE: ${proof.chain.firstBroken.reason}`);
    }
  }

  // Footer on every page: which document, which page.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font("sans")
      .fontSize(7.5)
      .fillColor(COLORS.muted)
      .text(
        `${document.documentId} · SHA-256 ${document.contentSha256} · page ${i + 1 - range.start} of ${range.count}`,
        left,
        doc.page.height - PAGE.margin,
        { width, align: "center", lineBreak: false },
      );
    doc.page.margins.bottom = bottomMargin;
  }
  doc.end();
  return done;
}

function utc(value: string | null | undefined): string | null {
  return value ? value.replace("T", " ").replace("Z", " UTC") : null;
}

function versionSuffix(version: string | null): string {
  return version ? ` (version ${version})` : "";
}

function actorLine(actor: { type: string; id: string | null; name: string | null }): string {
  return [actor.type, actor.name, actor.id ? `id ${actor.id}` : null].filter(Boolean).join(" · ");
}
