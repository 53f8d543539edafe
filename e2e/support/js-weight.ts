// How much JavaScript a page makes the browser download: every script resource, each counted
// by its gzip size (what a compressing server or CDN sends), plus inline <script> text.
import { gzipSync } from "node:zlib";
import type { Page, Response } from "@playwright/test";

export interface JsWeight {
  /** Script files: count and summed gzip bytes. */
  files: { url: string; gzipBytes: number }[];
  inlineGzipBytes: number;
  totalGzipBytes: number;
}

export async function measureJsWeight(page: Page, url: string): Promise<JsWeight> {
  const pending: Promise<{ url: string; gzipBytes: number }>[] = [];
  const onResponse = (response: Response) => {
    if (response.request().resourceType() !== "script") return;
    pending.push(
      response.body().then((body) => ({ url: response.url(), gzipBytes: gzipSync(body).length })),
    );
  };
  page.on("response", onResponse);
  await page.goto(url, { waitUntil: "networkidle" });
  page.off("response", onResponse);
  const files = await Promise.all(pending);
  const inline = await page.evaluate(() =>
    [...document.querySelectorAll("script:not([src])")].map((script) => script.textContent ?? ""),
  );
  const inlineGzipBytes = inline.length ? gzipSync(inline.join("\n")).length : 0;
  const totalGzipBytes = files.reduce((sum, file) => sum + file.gzipBytes, 0) + inlineGzipBytes;
  return { files, inlineGzipBytes, totalGzipBytes };
}
