// Headers next.config.mjs adds to responses, shared with the routes scripts/server.ts answers
// itself (direct-routes.ts), which never pass through Next.js.

/** On every response. */
export const SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
];

/** On everything but the public form (/f/…, whose frame-ancestors proxy.ts sets per form) and embed.js. */
export const NO_FRAMING_HEADERS = [
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
  { key: "X-Frame-Options", value: "DENY" },
];
