// "/embed.js?v=<hash>": a file in public/ with its content hash, so that the versioned URL
// can be cached for a year as immutable (next.config.mjs) and a new release is a new URL.
import "server-only";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

const versions = new Map<string, string | null>();

export function versionedAssetUrl(file: "embed.js" | "public-form.js"): string {
  if (!versions.has(file)) {
    try {
      const content = readFileSync(path.join(process.cwd(), "public", file));
      versions.set(file, createHash("sha256").update(content).digest("hex").slice(0, 12));
    } catch {
      // Not readable (unusual deployment layout): the short-lived unversioned URL still works.
      versions.set(file, null);
    }
  }
  const version = versions.get(file);
  return version ? `/${file}?v=${version}` : `/${file}`;
}
