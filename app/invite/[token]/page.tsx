import type { Metadata } from "next";
import Link from "next/link";
import { AccountForm } from "@/components/accounts/account-form";
import { AuthCard } from "@/components/dashboard/auth-card";
import { SignOutButton } from "@/components/dashboard/sign-out-button";
import { ActionForm, SubmitButton } from "@/components/ui/action-form";
import { Alert } from "@/components/ui/alert";
import { ButtonLink } from "@/components/ui/button";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { getSignedInUser } from "@/lib/auth/require-membership";
import { loginPath } from "@/lib/auth/return-path";
import { findInvitationByToken, type InvitationState } from "@/lib/invitations/find-invitation";
import { acceptInvitationAction, acceptInvitationWithAccountAction } from "./actions";

export const metadata: Metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

const CLOSED: Record<InvitationState, string> = {
  open: "",
  accepted: "This invitation was already accepted.",
  revoked: "This invitation was revoked.",
  expired: "This invitation has expired.",
};

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findInvitationByToken({ token });
  const user = await getSignedInUser();
  const footer = (
    <Link href="/login" className="font-medium text-brand-700 hover:underline">
      Sign in
    </Link>
  );

  if (!invitation || invitation.state !== "open") {
    return (
      <AuthCard title="Invitation" footer={footer}>
        <Alert tone="error">
          {invitation ? CLOSED[invitation.state] : "This invitation link is not valid."} Ask the
          person who invited you for a new one.
        </Alert>
      </AuthCard>
    );
  }

  const role = ROLE_LABELS[invitation.role].toLowerCase();
  const invitePath = `/invite/${token}`;
  return (
    <AuthCard title={`Join ${invitation.organization.name}`} footer={footer}>
      <p className="text-sm text-slate-700">
        {invitation.inviterName ?? "An owner"} invited <strong>{invitation.email}</strong> to join{" "}
        <strong>{invitation.organization.name}</strong> as {role}.
      </p>
      <div className="mt-4">
        {user && user.email === invitation.email ? (
          <ActionForm action={acceptInvitationAction.bind(null, token)}>
            <SubmitButton pendingLabel="Joining…">
              Accept and join {invitation.organization.name}
            </SubmitButton>
          </ActionForm>
        ) : user ? (
          <div className="space-y-3">
            <Alert tone="warning">
              You are signed in as {user.email}. Sign out, then open this link again and sign in as{" "}
              {invitation.email}.
            </Alert>
            <SignOutButton callbackUrl={invitePath} />
          </div>
        ) : (
          <div className="space-y-6">
            <ButtonLink
              href={`${loginPath(invitePath)}&${new URLSearchParams({ email: invitation.email })}`}
              variant="secondary"
              className="w-full"
            >
              I have an account: sign in to accept
            </ButtonLink>
            <div>
              <h2 className="text-sm font-semibold text-slate-900">New to optline?</h2>
              <p className="mb-3 text-xs text-slate-600">
                Create your account for {invitation.email} and join at once.
              </p>
              <AccountForm
                action={acceptInvitationWithAccountAction}
                fields={[
                  { name: "name", label: "Your name", type: "text", autoComplete: "name" },
                  {
                    name: "password",
                    label: "Choose a password",
                    type: "password",
                    autoComplete: "new-password",
                    hint: "At least 10 characters, not a common password.",
                  },
                ]}
                hidden={{ token }}
                submitLabel="Create account and join"
                pendingLabel="Joining…"
                after={{ signInWith: "password", goTo: "/dashboard" }}
              />
            </div>
          </div>
        )}
      </div>
    </AuthCard>
  );
}
