// The client IP as the app server should believe it. Next.js keeps any X-Forwarded-For a
// client sends, so scripts/server.ts overwrites the header with this before Next.js runs.
// With a trusted proxy (TRUST_PROXY=true: exactly one, e.g. the load balancer), the last
// entry is the address that proxy saw; everything before it was written by the client.
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustProxy: boolean,
): string {
  const socket = (socketAddress ?? "").replace(/^::ffff:/, "");
  if (!trustProxy) return socket;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  return entries.at(-1) ?? socket;
}
