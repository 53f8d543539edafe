// Who is calling: the client IP and user agent, for evidence and rate limits. The IP comes
// from X-Forwarded-For, which server.ts rewrites on every request (the socket address, or
// the proxy's value when TRUST_PROXY is set), so a client cannot choose it.
export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
}

export function requestContextFromHeaders(headers: Headers): RequestContext {
  const forwarded = headers.get("x-forwarded-for");
  const ip = forwarded?.split(",")[0]?.trim() || null;
  const userAgent = headers.get("user-agent")?.slice(0, 512) || null;
  return { ip, userAgent };
}
