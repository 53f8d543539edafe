// Where to send someone after sign-in (or any step that takes a "return to" value from a URL).
// Only a path on our own origin is accepted: the value is resolved against our origin the way
// a browser would resolve it (so "/\evil.test", "//evil.test", "https://evil.test" and
// "javascript:…" all land elsewhere and are refused) and kept only if the origin is still ours.
// Pure: the login form (browser) and the server use the same function.

export const DEFAULT_RETURN_PATH = "/dashboard";

/** A same-origin path (path + query + hash) for `value`, or `fallback`. */
export function safeReturnPath(
  value: string | null | undefined,
  origin: string,
  fallback = DEFAULT_RETURN_PATH,
): string {
  if (!value) return fallback;
  let base: URL;
  let target: URL;
  try {
    base = new URL(origin);
    target = new URL(value, base);
  } catch {
    return fallback;
  }
  if (target.origin !== base.origin) return fallback;
  return `${target.pathname}${target.search}${target.hash}`;
}

/** The sign-in address that brings the person back to `path` afterwards. */
export function loginPath(path: string | null | undefined): string {
  if (!path || path === DEFAULT_RETURN_PATH) return "/login";
  return `/login?${new URLSearchParams({ callbackUrl: path })}`;
}

/** Request header through which proxy.ts tells server components which path was asked for. */
export const REQUEST_PATH_HEADER = "x-optline-path";
