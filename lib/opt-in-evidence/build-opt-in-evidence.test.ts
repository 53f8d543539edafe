// The opt-in evidence of a form version: every text of the flow rendered from the version
// (not typed by hand), each opt-in method described, and the PDF and PNG built from it.
import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { escapeHtml } from "@/lib/public-form/html";
import { buildOptInEvidence, callToAction, type EvidenceVersion } from "./build-opt-in-evidence";
import { renderOptInEvidencePage } from "./render-opt-in-evidence-page";
import { renderOptInEvidencePdf } from "./render-opt-in-evidence-pdf";
import { buildOptInEvidenceSvg, renderOptInEvidencePng } from "./render-opt-in-evidence-png";

const version: EvidenceVersion = {
  version: 3,
  publishedAt: new Date("2026-11-02T10:00:00Z"),
  locale: "en",
  programName: "Bean Club",
  headline: "Coffee deals by text",
  consentText:
    "Yes, I agree to receive recurring automated marketing texts from Bean Club. Consent is not a condition of purchase. Reply STOP to cancel.",
  consentTextSha256: "a".repeat(64),
  buttonLabel: "Join",
  frequencyText: "Up to 4 msgs/month.",
  ratesText: "Msg & data rates may apply.",
  confirmationMessage:
    "{program}: Reply YES to confirm. {frequency} {rates} Reply HELP for help, STOP to cancel.",
  helpText: "{program}: help at help@bean.example. Reply STOP to cancel.",
  termsUrl: "https://bean.example/terms",
  termsVersion: "2026-01",
  privacyUrl: "https://bean.example/privacy",
  privacyVersion: null,
  verificationMethod: "SMS_REPLY",
  codeExpiryMinutes: 10,
};

const input = {
  organizationName: "Bean Co",
  form: { slug: "coffee", name: "Counter flyer" },
  version,
  sender: "+15005550006",
  keywords: ["COFFEE"],
  publicBaseUrl: "https://sms.bean.example/",
};

describe("buildOptInEvidence", () => {
  it("renders each text of a YES flow from the version and describes both methods", () => {
    const evidence = buildOptInEvidence(input);
    expect(evidence.evidenceUrl).toBe("https://sms.bean.example/f/coffee/opt-in-evidence");
    const bodies = Object.fromEntries(evidence.messages.map((m) => [m.key, m.body]));
    expect(Object.keys(bodies)).toEqual(["confirmation", "welcome", "help", "stop", "start"]);
    expect(bodies.confirmation).toBe(
      "Bean Club: Reply YES to confirm. Up to 4 msgs/month. Msg & data rates may apply. Reply HELP for help, STOP to cancel.",
    );
    expect(bodies.help).toBe("Bean Club: help at help@bean.example. Reply STOP to cancel.");
    expect(bodies.welcome).toContain("Bean Club: Thanks, you're subscribed!");
    expect(bodies.stop).toContain("unsubscribed");
    expect(evidence.methods.map((m) => m.kind)).toEqual(["web_form", "keyword"]);
    const keyword = evidence.methods[1]!.steps.join("\n");
    expect(keyword).toContain("texts “COFFEE” to +15005550006");
    expect(keyword).toContain(bodies.confirmation);
    expect(evidence.methods[0]!.steps.join("\n")).toContain("starts unchecked");
  });

  it("sends a code, then the confirmation, on a code-only form; no keyword method without keywords", () => {
    const evidence = buildOptInEvidence({
      ...input,
      keywords: [],
      version: { ...version, verificationMethod: "CODE" },
    });
    expect(evidence.messages.map((m) => m.key)).toEqual([
      "code",
      "confirmation",
      "help",
      "stop",
      "start",
    ]);
    expect(evidence.messages[0]!.body).toMatch(/Bean Club: your code to confirm texts is/);
    expect(evidence.methods.map((m) => m.kind)).toEqual(["web_form"]);
  });

  it("puts the required disclosures in the call to action", () => {
    const text = callToAction({ keyword: "COFFEE", ...version, sender: "+15005550006" });
    for (const part of [
      "COFFEE",
      "+15005550006",
      "Bean Club",
      "Up to 4 msgs/month.",
      "Msg & data rates may apply.",
      "HELP",
      "STOP",
    ]) {
      expect(text).toContain(part);
    }
  });
});

describe("opt-in evidence documents", () => {
  const evidence = buildOptInEvidence(input);

  it("page: escapes the served form into the inert frame and shows every text", () => {
    const page = renderOptInEvidencePage(evidence, `<p class="x">Served "form"</p>`);
    expect(page).toContain(
      'srcdoc="&lt;p class=&quot;x&quot;&gt;Served &quot;form&quot;&lt;/p&gt;"',
    );
    expect(page).toContain('sandbox="allow-same-origin"');
    for (const message of evidence.messages) expect(page).toContain(escapeHtml(message.body));
    expect(page).toContain('href="https://bean.example/privacy"');
    expect(page).toContain("@media print");
  });

  it("PDF: a real PDF naming the program, the form version and the consent text's hash", async () => {
    const pdf = await renderOptInEvidencePdf(evidence);
    const doc = await PDFDocument.load(pdf);
    expect(doc.getTitle()).toBe("SMS opt-in evidence: Bean Club");
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(doc.getSubject()).toBe(`Form coffee version 3; consent SHA-256 ${"a".repeat(64)}`);
    expect(pdf.toString("latin1")).toContain("DejaVuSans");
  });

  it("PNG: a real PNG at the SVG's size, with every text of the flow in the drawing", async () => {
    const svg = buildOptInEvidenceSvg(evidence);
    expect(svg).toContain("Bean Club: Reply YES to confirm.");
    expect(svg).toContain("Msg &amp; data rates may apply.");
    const png = await renderOptInEvidencePng(evidence);
    expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    expect(png.readUInt32BE(16)).toBe(1000);
    expect(png.readUInt32BE(20)).toBe(Number(/height="(\d+)"/.exec(svg)![1]));
  });
});
