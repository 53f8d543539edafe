import "server-only";
import { cookies } from "next/headers";
import { getEnv } from "@/lib/env";
import { ORGANIZATION_COOKIE } from "./require-membership";

/** Which of their organizations the signed-in user works in (checked on every request). */
export async function rememberOrganization(organizationId: string): Promise<void> {
  (await cookies()).set(ORGANIZATION_COOKIE, organizationId, {
    httpOnly: true,
    sameSite: "lax",
    secure: getEnv().publicBaseUrl.startsWith("https:"),
    path: "/",
  });
}
