import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/dashboard/auth-card";
import { SignOutButton } from "@/components/dashboard/sign-out-button";
import { ActionForm, SubmitButton, TextField } from "@/components/ui/action-form";
import { getMembership, getSignedInUser } from "@/lib/auth/require-membership";
import { loginPath } from "@/lib/auth/return-path";
import { createOrganizationAction } from "./actions";

export const metadata: Metadata = { title: "Start an organization" };
export const dynamic = "force-dynamic";

/** Signed in, but in no organization: start one, or wait for an invitation. */
export default async function WelcomePage() {
  const user = await getSignedInUser();
  if (!user) redirect(loginPath("/welcome"));
  if (await getMembership()) redirect("/dashboard");
  return (
    <AuthCard title="You are not in an organization" footer={<SignOutButton />}>
      <p className="mb-4 text-sm text-slate-700">
        Signed in as {user.email}. Start your own organization, or ask an owner to invite you to
        theirs (the invitation link brings you in).
      </p>
      <ActionForm action={createOrganizationAction} className="space-y-4">
        <TextField
          name="organizationName"
          label="Organization"
          autoComplete="organization"
          required
        />
        <SubmitButton pendingLabel="Creating…">Start an organization</SubmitButton>
      </ActionForm>
    </AuthCard>
  );
}
