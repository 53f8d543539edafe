// Security headers for every response; the public form (/f/…) gets its frame-ancestors from
// proxy.ts, per form, so that it can be embedded only where its owner allows.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
];

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
    // One prom-client for scripts/server.ts and the bundle: they count into one registry.
    "prom-client",
  ],
  // Type checking and lint run as their own CI steps (npm run typecheck / lint); the build stays fast.
  typescript: { ignoreBuildErrors: true },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      {
        source: "/((?!f/|embed\\.js).*)",
        headers: [
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
