// Security headers for every response; the public form (/f/…) gets its frame-ancestors from
// proxy.ts, per form, so that it can be embedded only where its owner allows.
import { NO_FRAMING_HEADERS, SECURITY_HEADERS } from "./lib/http/security-headers.mjs";

/** @type {import("next").NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native-free, but loaded at run time from node_modules rather than bundled (PGlite ships WASM files).
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "pg",
    "pg-copy-streams",
    "twilio",
    "pdfkit",
    "@resvg/resvg-wasm",
    // One prom-client for scripts/server.ts and the bundle: they count into one registry.
    "prom-client",
  ],
  // Type checking and lint run as their own CI steps (npm run typecheck / lint); the build stays fast.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      // Scripts loaded by other sites (embed.js) and by the public form: a versioned URL
      // (?v=<content hash>, lib/public-form/versioned-asset-url.ts) never changes, so it is
      // cached for a year; the bare URL (old snippets) for 5 minutes, so releases reach it.
      {
        source: "/:file(embed\\.js|public-form\\.js)",
        headers: [{ key: "Cache-Control", value: "public, max-age=300" }],
      },
      {
        source: "/:file(embed\\.js|public-form\\.js)",
        has: [{ type: "query", key: "v" }],
        headers: [{ key: "Cache-Control", value: "public, max-age=31536000, immutable" }],
      },
      {
        source: "/((?!f/|embed\\.js).*)",
        headers: NO_FRAMING_HEADERS,
      },
    ];
  },
};

export default nextConfig;
