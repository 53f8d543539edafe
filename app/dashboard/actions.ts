"use server";
import { redirect } from "next/navigation";
import { rememberOrganization } from "@/lib/auth/organization-cookie";
import { getMembership } from "@/lib/auth/require-membership";

export async function switchOrganizationAction(organizationId: unknown): Promise<void> {
  const membership = await getMembership();
  if (!membership?.memberships.some((m) => m.organizationId === organizationId)) return;
  await rememberOrganization(organizationId as string);
  redirect("/dashboard");
}
