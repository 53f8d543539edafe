import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/auth-options";

// next-auth v4 types its App Router handler as `any`.
const handler = NextAuth(authOptions) as (request: Request, context: unknown) => Promise<Response>;
export { handler as GET, handler as POST };
