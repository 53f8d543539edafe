import type { Metadata } from "next";
import Link from "next/link";
import { AccountForm } from "@/components/accounts/account-form";
import { AuthCard } from "@/components/dashboard/auth-card";
import { Alert } from "@/components/ui/alert";
import { findEmailLink } from "@/lib/accounts/email-links";
import { resetPasswordAction } from "../forgot-password/actions";

export const metadata: Metadata = { title: "Choose a new password" };
export const dynamic = "force-dynamic";

export default async function ResetPasswordPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const { token } = await searchParams;
  const link = await findEmailLink({ purpose: "password_reset", token });
  return (
    <AuthCard
      title="Choose a new password"
      footer={
        <Link href="/login" className="font-medium text-brand-700 hover:underline">
          Back to sign-in
        </Link>
      }
    >
      {link && typeof token === "string" ? (
        <AccountForm
          action={resetPasswordAction}
          fields={[
            {
              name: "password",
              label: "New password",
              type: "password",
              autoComplete: "new-password",
              hint: "At least 10 characters, not a common password. You will be signed out everywhere else.",
            },
          ]}
          hidden={{ token }}
          submitLabel="Save and sign in"
          pendingLabel="Saving…"
          after={{ signInWith: "password", goTo: "/dashboard" }}
        >
          <p className="text-sm text-slate-700">
            For <strong>{link.email}</strong>
          </p>
        </AccountForm>
      ) : (
        <Alert tone="error">
          This link has expired or was already used.{" "}
          <Link href="/forgot-password" className="font-medium underline">
            Ask for a new one
          </Link>
          .
        </Alert>
      )}
    </AuthCard>
  );
}
