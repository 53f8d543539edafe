// The opt-in evidence as one PNG image, for the screenshot upload of a campaign registration:
// the form as a person sees it (headline, fields, the unchecked box with its consent text,
// links, button), the disclosures and every text of the flow. Drawn as SVG here and rasterized
// by resvg compiled to WebAssembly (@resvg/resvg-wasm): no native module, no browser, no system
// fonts (the DejaVu fonts of the PDFs are handed to it), so it renders the same everywhere.
import "server-only";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { initWasm, Resvg } from "@resvg/resvg-wasm";
import { proofFontPath } from "@/lib/compliance/render-proof-pdf";
import { escapeHtml } from "@/lib/public-form/html";
import type { OptInEvidence } from "./build-opt-in-evidence";

const fromAppRoot = createRequire(path.join(process.cwd(), "package.json"));

let ready: Promise<Uint8Array[]> | null = null;

/** Loads the WebAssembly module and the fonts once per process. */
function prepare(): Promise<Uint8Array[]> {
  ready ??= initWasm(readFileSync(fromAppRoot.resolve("@resvg/resvg-wasm/index_bg.wasm"))).then(
    () => [readFileSync(proofFontPath("sans")), readFileSync(proofFontPath("bold"))],
  );
  return ready;
}

const WIDTH = 1000;
const PAD = 40;
/** DejaVu Sans averages a little under 0.6 em per character: wrapping by count is close enough. */
const CHAR_EM = 0.58;

function wrap(text: string, fontSize: number, width: number): string[] {
  const max = Math.max(10, Math.floor(width / (fontSize * CHAR_EM)));
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > max) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
      while (line.length > max) {
        lines.push(line.slice(0, max));
        line = line.slice(max);
      }
    }
    lines.push(line);
  }
  return lines;
}

export function buildOptInEvidenceSvg(evidence: OptInEvidence): string {
  const d = evidence.disclosures;
  const parts: string[] = [];
  let y = PAD;
  const text = (
    content: string,
    options: { x?: number; size?: number; bold?: boolean; color?: string; width?: number } = {},
  ) => {
    const size = options.size ?? 16;
    const x = options.x ?? PAD;
    for (const line of wrap(content, size, options.width ?? WIDTH - x - PAD)) {
      y += size * 1.35;
      parts.push(
        `<text x="${x}" y="${y}" font-size="${size}" font-weight="${options.bold ? 700 : 400}" fill="${options.color ?? "#0f172a"}">${escapeHtml(line)}</text>`,
      );
    }
  };
  const gap = (height: number) => (y += height);

  text(`SMS opt-in evidence: ${d.programName}`, { size: 28, bold: true });
  text(
    `${evidence.organizationName} · form “${evidence.formName}”, version ${evidence.version} · texts from ${evidence.sender}`,
    { size: 15, color: "#475569" },
  );
  text(evidence.hostedUrl, { size: 15, color: "#475569" });
  gap(20);

  // The form, as the person sees it.
  const cardX = PAD;
  const cardTop = y;
  const inner = cardX + 24;
  const innerWidth = 520 - 48;
  gap(12);
  text("The signup form", { size: 13, color: "#475569", x: inner });
  text(evidence.headline, { size: 22, bold: true, x: inner, width: innerWidth });
  gap(10);
  for (const label of ["Country", "Mobile number"]) {
    text(label, { size: 14, bold: true, x: inner });
    gap(6);
    parts.push(
      `<rect x="${inner}" y="${y}" width="${innerWidth}" height="36" rx="6" fill="#fff" stroke="#94a3b8"/>`,
    );
    gap(44);
  }
  parts.push(
    `<rect x="${inner}" y="${y + 6}" width="16" height="16" rx="3" fill="#fff" stroke="#334155" stroke-width="1.5"/>`,
  );
  const consentStart = y;
  text(d.consentText, { size: 14, x: inner + 28, width: innerWidth - 28 });
  y = Math.max(y, consentStart + 24);
  const links = [d.termsUrl ? "Terms" : null, d.privacyUrl ? "Privacy policy" : null].filter(
    Boolean,
  );
  if (links.length) text(links.join(" · "), { size: 13, color: "#2341c4", x: inner });
  gap(12);
  parts.push(
    `<rect x="${inner}" y="${y}" width="${innerWidth}" height="40" rx="6" fill="#2f54eb"/>`,
  );
  parts.push(
    `<text x="${inner + innerWidth / 2}" y="${y + 26}" font-size="15" font-weight="700" fill="#fff" text-anchor="middle">${escapeHtml(d.buttonLabel)}</text>`,
  );
  gap(56);
  parts.unshift(
    `<rect x="${cardX}" y="${cardTop}" width="520" height="${y - cardTop}" rx="12" fill="#fff" stroke="#e2e8f0"/>`,
  );

  // Disclosures, to the right of the form.
  const formBottom = y;
  y = cardTop;
  const side = 600;
  text("Disclosures", { size: 18, bold: true, x: side });
  for (const [label, value] of [
    ["Frequency", d.frequencyText],
    ["Rates", d.ratesText],
    ["Opt-out / help", "Reply STOP to cancel, HELP for help"],
    ["Terms", d.termsUrl ?? "not linked"],
    ["Privacy policy", d.privacyUrl ?? "not linked"],
    ...(evidence.keywords.length ? [["Keywords", evidence.keywords.join(", ")]] : []),
  ] as [string, string][]) {
    gap(6);
    text(label, { size: 13, color: "#475569", x: side });
    text(value, { size: 14, x: side });
  }
  y = Math.max(y, formBottom) + 24;

  text("Every text of the flow", { size: 20, bold: true });
  for (const message of evidence.messages) {
    gap(10);
    text(`${message.label}: ${message.when}`, { size: 13, color: "#475569" });
    gap(6);
    const top = y;
    const lines = wrap(message.body, 15, WIDTH - PAD * 2 - 32);
    parts.push(
      `<rect x="${PAD}" y="${top}" width="${WIDTH - PAD * 2}" height="${lines.length * 15 * 1.35 + 16}" rx="14" fill="#e2e8f0"/>`,
    );
    gap(4);
    text(message.body, { size: 15, x: PAD + 16, width: WIDTH - PAD * 2 - 32 });
    gap(12);
  }
  const height = Math.ceil(y + PAD);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="DejaVu Sans"><rect width="100%" height="100%" fill="#f8fafc"/>${parts.join("")}</svg>`;
}

export async function renderOptInEvidencePng(evidence: OptInEvidence): Promise<Buffer> {
  const fontBuffers = await prepare();
  const resvg = new Resvg(buildOptInEvidenceSvg(evidence), {
    font: { fontBuffers, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
  });
  try {
    return Buffer.from(resvg.render().asPng());
  } finally {
    resvg.free();
  }
}
