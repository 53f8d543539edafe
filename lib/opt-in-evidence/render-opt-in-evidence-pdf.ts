// The opt-in evidence as a PDF (pdfkit, DejaVu fonts like the proof of opt-in), for reviewers
// who want a file to attach: the same sections as the public page (the form itself is in the PNG
// and on the page).
import "server-only";
import PDFDocument from "pdfkit";
import { proofFontPath } from "@/lib/compliance/render-proof-pdf";
import type { OptInEvidence } from "./build-opt-in-evidence";

const MARGIN = 50;
const MUTED = "#475569";
const TEXT = "#0f172a";
const RULE = "#cbd5e1";

export function renderOptInEvidencePdf(evidence: OptInEvidence): Promise<Buffer> {
  const d = evidence.disclosures;
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    font: proofFontPath("sans"),
    info: {
      Title: `SMS opt-in evidence: ${d.programName}`,
      Author: evidence.organizationName,
      Subject: `Form ${evidence.slug} version ${evidence.version}; consent SHA-256 ${evidence.consentTextSha256}`,
      Creator: "optline",
    },
  });
  doc.registerFont("sans", proofFontPath("sans"));
  doc.registerFont("bold", proofFontPath("bold"));
  doc.registerFont("mono", proofFontPath("mono"));
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const width = doc.page.width - MARGIN * 2;
  const ensure = (height: number) => {
    if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
  };
  const heading = (text: string) => {
    ensure(60);
    doc.moveDown(0.8);
    doc.font("bold").fontSize(13).fillColor(TEXT).text(text, MARGIN, doc.y, { width });
    const y = doc.y + 2;
    doc
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + width, y)
      .lineWidth(0.6)
      .strokeColor(RULE)
      .stroke();
    doc.y = y + 6;
  };
  const para = (text: string, options: { muted?: boolean; bold?: boolean; size?: number } = {}) => {
    doc
      .font(options.bold ? "bold" : "sans")
      .fontSize(options.size ?? 10)
      .fillColor(options.muted ? MUTED : TEXT)
      .text(text, MARGIN, doc.y, { width });
    doc.moveDown(0.3);
  };
  const row = (label: string, value: string) => {
    doc.font("sans").fontSize(10);
    ensure(doc.heightOfString(value, { width: width - 150 }) + 6);
    const y = doc.y;
    doc.fillColor(MUTED).fontSize(9).text(label, MARGIN, y, { width: 142 });
    const afterLabel = doc.y;
    doc
      .fillColor(TEXT)
      .fontSize(10)
      .text(value, MARGIN + 150, y, { width: width - 150 });
    doc.y = Math.max(doc.y, afterLabel) + 4;
  };

  doc.font("bold").fontSize(18).fillColor(TEXT).text(`SMS opt-in evidence: ${d.programName}`);
  doc.moveDown(0.3);
  para(
    `${evidence.organizationName} · form “${evidence.formName}”, version ${evidence.version}` +
      `${evidence.publishedAt ? `, published ${evidence.publishedAt.slice(0, 10)}` : ""} · texts from ${evidence.sender}`,
    { muted: true },
  );
  para(`Live form: ${evidence.hostedUrl}`, { muted: true });
  para(`This evidence online: ${evidence.evidenceUrl}`, { muted: true });

  heading("How people opt in");
  for (const method of evidence.methods) {
    para(method.title, { bold: true });
    method.steps.forEach((step, index) => para(`${index + 1}. ${step}`));
  }

  heading("Disclosures shown at opt-in");
  row("Program (brand)", d.programName);
  row("Consent text (next to an unchecked checkbox)", d.consentText);
  row("Message frequency", d.frequencyText);
  row("Rates", d.ratesText);
  row("Opt-out and help", "Reply STOP to cancel, HELP for help, at any time.");
  row("Button", d.buttonLabel);
  row(
    "Terms",
    d.termsUrl
      ? `${d.termsUrl}${d.termsVersion ? ` (version ${d.termsVersion})` : ""}`
      : "Not linked",
  );
  row(
    "Privacy policy",
    d.privacyUrl
      ? `${d.privacyUrl}${d.privacyVersion ? ` (version ${d.privacyVersion})` : ""}`
      : "Not linked",
  );
  if (evidence.keywords.length) row("Opt-in keywords", evidence.keywords.join(", "));
  row("Consent text SHA-256", evidence.consentTextSha256);

  heading("Every text of the flow");
  for (const message of evidence.messages) {
    doc.font("sans").fontSize(10);
    ensure(doc.heightOfString(message.body, { width: width - 24 }) + 50);
    para(message.label, { bold: true });
    para(message.when, { muted: true, size: 9 });
    const height = doc.heightOfString(message.body, { width: width - 24 });
    const top = doc.y;
    doc
      .roundedRect(MARGIN, top, width, height + 14, 8)
      .fillColor("#e2e8f0")
      .fill();
    doc
      .fillColor(TEXT)
      .font("sans")
      .fontSize(10)
      .text(message.body, MARGIN + 12, top + 7, {
        width: width - 24,
      });
    doc.y = top + height + 22;
  }
  doc.end();
  return done;
}
