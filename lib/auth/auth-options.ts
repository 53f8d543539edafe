// next-auth: email + password (scrypt), sessions as a JWT cookie that carries a random session
// token checked against the database on every request (sessions.ts), so that a session ends
// the moment it is revoked. Failed sign-ins are throttled (sign-in-with-password.ts).
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { safeReturnPath } from "./return-path";
import {
  createUserSession,
  isUserSessionActive,
  revokeUserSession,
  SESSION_MAX_AGE_SECONDS,
} from "./sessions";
import { signInWithPassword } from "./sign-in-with-password";

function header(headers: unknown, name: string): string | null {
  const value = (headers as Record<string, string | string[] | undefined> | undefined)?.[name];
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

export const authOptions: NextAuthOptions = {
  get secret() {
    return getEnv().AUTH_SECRET;
  },
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, request) {
        // server.ts sets X-Forwarded-For to the real client address on every request.
        const ip = header(request.headers, "x-forwarded-for")?.split(",")[0]?.trim() || null;
        try {
          const user = await signInWithPassword({ input: credentials, ip });
          if (!user) return null;
          return { ...user, ip, userAgent: header(request.headers, "user-agent") };
        } catch (error) {
          // next-auth hands an Error's message to the form (signIn(...).error).
          if (error instanceof AppError) throw new Error(error.message);
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        const session = await createUserSession({
          userId: user.id,
          ip: user.ip,
          userAgent: user.userAgent,
        });
        return { sub: user.id, name: user.name, email: user.email, sid: session.token };
      }
      // Every request: a token whose session was revoked or has expired is worth nothing.
      const active =
        token.sub && token.sid
          ? await isUserSessionActive({ userId: token.sub, token: token.sid })
          : false;
      return active ? token : {};
    },
    session({ session, token }) {
      if (!token.sub) return { expires: session.expires }; // signed out: no user
      session.user.id = token.sub;
      return session;
    },
    redirect({ url, baseUrl }) {
      return `${baseUrl}${safeReturnPath(url, baseUrl)}`;
    },
  },
  events: {
    async signOut({ token }) {
      if (typeof token?.sid === "string") await revokeUserSession({ token: token.sid });
    },
  },
};
