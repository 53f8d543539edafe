// The PDF builder on a hand-made proof: a real PDF, the document id and content hash in its
// metadata, and Polish/German/French letters set with real glyphs of the embedded font.
import { inflateSync } from "node:zlib";
import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { proofContentHash, type Proof, type ProofDocument } from "./proof-types";
import { renderProofPdf } from "./render-proof-pdf";

const hash = (char: string) => char.repeat(64);

function sampleProof(chainOk = true): ProofDocument {
  const form = {
    formId: "form_1",
    formSlug: "wiosna",
    formName: "Wiosenne okazje",
    versionId: "ver_1",
    version: 3,
    publishedAt: "2025-03-01T09:00:00.000Z",
    locale: "pl",
    programName: "Żółta Łódź",
    headline: "Zniżki dla Ciebie",
    consentText:
      "Tak, chcę otrzymywać wiadomości marketingowe od Żółta Łódź. Zgoda nie jest warunkiem zakupu. Straße, café, łódź, świat.",
    frequencyText: "Do 4 wiad./mies.",
    ratesText: "Mogą obowiązywać opłaty.",
    helpTextTemplate: "{program}: pomoc pod pomoc@example.com. Odpowiedz STOP.",
    helpText: "Żółta Łódź: pomoc pod pomoc@example.com. Odpowiedz STOP.",
    confirmationMessageTemplate: "{program}: odpowiedz TAK. STOP, aby zrezygnować.",
    confirmationMessage: "Żółta Łódź: odpowiedz TAK. STOP, aby zrezygnować.",
    buttonLabel: "Zapisz się",
    termsUrl: "https://example.com/regulamin",
    termsVersion: "2025-01",
    privacyUrl: null,
    privacyVersion: null,
  };
  const confirmation = {
    id: "msg_1",
    direction: "outbound" as const,
    kind: "confirmation",
    provider: "dev",
    sid: `SM${"1".repeat(32)}`,
    from: "+15005550006",
    to: "+48601234567",
    body: form.confirmationMessage,
    status: "DELIVERED",
    providerStatus: "delivered",
    errorCode: null,
    errorMessage: null,
    createdAt: "2025-03-02T10:00:00.123Z",
    sentAt: "2025-03-02T10:00:00.456Z",
    statusUpdatedAt: "2025-03-02T10:00:01.000Z",
  };
  const reply = {
    messageId: "msg_2",
    sid: `SM${"2".repeat(32)}`,
    from: "+48601234567",
    to: "+15005550006",
    body: " tak ",
    receivedAt: "2025-03-02T10:01:00.000Z",
    signatureVerified: true,
    channel: "sms" as const,
  };
  const actor = { type: "subscriber" as const, id: null, name: "+48601234567" };
  const data: Proof = {
    format: "optline.proof.v1",
    organization: { id: "org_1", name: "Café Müller" },
    subject: {
      subscriberId: "sub_1",
      phone: "+48601234567",
      country: "PL",
      locale: "pl",
      audience: { id: "aud_1", name: "Stali klienci" },
      status: "unsubscribed",
      createdAt: "2025-03-02T10:00:00.000Z",
      deletedAt: null,
    },
    consents: {
      marketing: {
        state: "withdrawn",
        grantedAt: "2025-03-02T10:00:00.000Z",
        grantMethod: "form",
        confirmedAt: "2025-03-02T10:01:00.000Z",
        confirmMethod: "sms_reply",
        revokedAt: "2025-04-01T08:00:00.000Z",
        revokeMethod: "keyword",
      },
      verification: {
        state: "never_given",
        grantedAt: null,
        grantMethod: null,
        confirmedAt: null,
        confirmMethod: null,
        revokedAt: null,
        revokeMethod: null,
      },
    },
    signups: [
      {
        eventId: "ev_1",
        seq: 1,
        submittedAt: "2025-03-02T10:00:00.000Z",
        outcome: "pending",
        phone: "+48601234567",
        country: "PL",
        locale: "pl",
        formId: "form_1",
        formSlug: "wiosna",
        formVersionId: "ver_1",
        formVersion: 3,
        form,
        consentText: { recordedSha256: hash("a"), computedSha256: hash("a"), matches: true },
        checkboxInitiallyChecked: false,
        checkboxChecked: true,
        buttonLabel: "Zapisz się",
        ip: "203.0.113.7",
        userAgent: "Mozilla/5.0",
        pageUrl: "https://example.com/wiosna",
        referrer: null,
        embedded: false,
        antiFraud: { result: "pass", signals: [] },
        confirmationQueued: true,
      },
    ],
    marketingGrants: [],
    confirmationMessages: [confirmation],
    confirmations: [
      {
        eventId: "ev_2",
        seq: 2,
        confirmedAt: reply.receivedAt,
        method: "sms_reply",
        confirmationSid: confirmation.sid,
        reply,
      },
    ],
    resubscriptions: [],
    withdrawals: [
      {
        eventId: "ev_3",
        seq: 3,
        purpose: "marketing",
        at: "2025-04-01T08:00:00.000Z",
        method: "free_text",
        keyword: null,
        rawText: "proszę przestać pisać",
        reason: null,
        inbound: { ...reply, messageId: "msg_3", sid: `SM${"3".repeat(32)}` },
        processedAt: "2025-04-01T08:00:00.000Z",
        confirmationMessage: { ...confirmation, id: "msg_4", kind: "reply", sid: null },
      },
    ],
    staffEvents: [],
    verificationEvents: [],
    events: [1, 2, 3].map((seq) => ({
      id: `ev_${seq}`,
      seq,
      type: "signup.submitted",
      sentence: "Zapisano się",
      schemaValid: true,
      actor,
      ip: null,
      userAgent: null,
      createdAt: "2025-03-02T10:00:00.000Z",
      prevHash: seq === 1 ? null : hash(String(seq - 1)),
      hash: hash(String(seq)),
      data: { seq },
    })),
    checkpoint: null,
    chain: chainOk
      ? { ok: true, checked: 3, firstBroken: null, head: { seq: 3, hash: hash("3") } }
      : {
          ok: false,
          checked: 2,
          head: { seq: 3, hash: hash("3") },
          firstBroken: {
            eventId: "ev_2",
            seq: 2,
            type: "marketing.confirmed",
            reason: "hash_mismatch",
            createdAt: reply.receivedAt,
          },
        },
  };
  return {
    documentId: "PRF-TEST123456",
    generatedAt: "2025-05-01T12:00:00.000Z",
    contentSha256: proofContentHash(data),
    data,
  };
}

/** Every stream of the file, inflated where it is compressed. */
function streams(pdf: Buffer): string[] {
  const text = pdf.toString("latin1");
  const found: string[] = [];
  const pattern = /stream\r?\n/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const start = match.index + match[0].length;
    const end = text.indexOf("endstream", start);
    const raw = pdf.subarray(start, end);
    try {
      found.push(inflateSync(raw).toString("latin1"));
    } catch {
      found.push(raw.toString("latin1"));
    }
  }
  return found;
}

describe("renderProofPdf", () => {
  it("writes a PDF whose metadata carries the document id and the content hash", async () => {
    const document = sampleProof();
    const pdf = await renderProofPdf(document);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");

    const parsed = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(parsed.getTitle()).toBe("Proof of opt-in +48601234567 (PRF-TEST123456)");
    expect(parsed.getAuthor()).toBe("Café Müller");
    expect(parsed.getSubject()).toBe(`SHA-256 of the proof content: ${document.contentSha256}`);
    expect(parsed.getKeywords()).toBe(`PRF-TEST123456 ${document.contentSha256}`);
    expect(parsed.getCreationDate()?.toISOString()).toBe("2025-05-01T12:00:00.000Z");
    expect(parsed.getPageCount()).toBeGreaterThanOrEqual(2);
  });

  it("embeds a Unicode font with real glyphs for ł, ś, ż, ß, é and ü", async () => {
    const pdf = await renderProofPdf(sampleProof());
    const all = streams(pdf).join("\n");
    expect(pdf.toString("latin1")).toMatch(/\/FontName \/[A-Z]{6}\+DejaVuSans\b/);
    // The font's ToUnicode map names every character the document used.
    const cmaps = streams(pdf).filter((stream) => stream.includes("begincmap"));
    expect(cmaps.length).toBeGreaterThanOrEqual(2);
    const mapped = cmaps.join("\n").toLowerCase();
    for (const char of ["ł", "ś", "ż", "ß", "é", "ü"]) {
      const hex = char.codePointAt(0)!.toString(16).padStart(4, "0");
      expect(mapped, `no glyph for ${char}`).toContain(`<${hex}>`);
    }
    expect(all).not.toContain("Helvetica");
  });

  it("gives a different content hash when anything in the proof changes", () => {
    const document = sampleProof();
    const changed = structuredClone(document.data);
    changed.withdrawals[0]!.rawText = "stop";
    expect(proofContentHash(changed)).not.toBe(document.contentSha256);
    expect(proofContentHash(structuredClone(document.data))).toBe(document.contentSha256);
  });

  it("renders a broken chain", async () => {
    const pdf = await renderProofPdf(sampleProof(false));
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });
});
