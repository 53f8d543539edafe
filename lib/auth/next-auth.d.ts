import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    user: { id: string; name?: string | null; email?: string | null };
  }
  /** What authorize() returns: the request it came from, for the session row. */
  interface User {
    ip?: string | null;
    userAgent?: string | null;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** The session token (see lib/auth/sessions.ts); only its SHA-256 is stored. */
    sid?: string;
  }
}
