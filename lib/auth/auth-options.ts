// next-auth: email + password (scrypt), JWT sessions. Sign-in attempts are rate limited per
// email and per IP; an unknown email costs the same time as a wrong password.
import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { ZSignInSchema } from "@/lib/organizations/account-schemas";
import { enforceRateLimits } from "@/lib/rate-limit/check-rate-limit";
import { hashPassword, verifyPassword } from "./password";

let dummyHash: Promise<string> | undefined;

export const authOptions: NextAuthOptions = {
  get secret() {
    return getEnv().AUTH_SECRET;
  },
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, request) {
        const parsed = ZSignInSchema.safeParse(credentials ?? {});
        if (!parsed.success) return null;
        const headers = (request.headers ?? {}) as Record<string, string | string[] | undefined>;
        const forwarded = headers["x-forwarded-for"];
        const ip =
          (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim() ?? "unknown";
        try {
          await enforceRateLimits(
            [
              { key: `login:email:${parsed.data.email}`, limit: 10, windowSeconds: 900 },
              { key: `login:ip:${ip}`, limit: 50, windowSeconds: 900 },
            ],
            "Too many sign-in attempts. Wait a few minutes and try again.",
          );
        } catch (error) {
          if (error instanceof AppError) throw new Error(error.message);
          throw error;
        }
        const user = await db.user.findUnique({ where: { email: parsed.data.email } });
        if (!user) {
          dummyHash ??= hashPassword("timing-equalizer");
          await verifyPassword(parsed.data.password, await dummyHash);
          return null;
        }
        if (!(await verifyPassword(parsed.data.password, user.passwordHash))) return null;
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) session.user.id = token.sub;
      return session;
    },
  },
};
