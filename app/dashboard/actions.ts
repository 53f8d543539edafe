"use server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getMembership, ORGANIZATION_COOKIE } from "@/lib/auth/require-membership";
import { getEnv } from "@/lib/env";

export async function switchOrganizationAction(organizationId: string): Promise<void> {
  const membership = await getMembership();
  if (!membership?.memberships.some((m) => m.organizationId === organizationId)) return;
  (await cookies()).set(ORGANIZATION_COOKIE, organizationId, {
    httpOnly: true,
    sameSite: "lax",
    secure: getEnv().publicBaseUrl.startsWith("https:"),
    path: "/",
  });
  redirect("/dashboard");
}
