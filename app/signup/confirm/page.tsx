import type { Metadata } from "next";
import Link from "next/link";
import { AccountForm } from "@/components/accounts/account-form";
import { AuthCard } from "@/components/dashboard/auth-card";
import { Alert } from "@/components/ui/alert";
import { findEmailLink } from "@/lib/accounts/email-links";
import { completeSignUpAction } from "../actions";

export const metadata: Metadata = { title: "Finish creating your account" };
export const dynamic = "force-dynamic";

export default async function ConfirmSignUpPage({
  searchParams,
}: {
  searchParams: Promise<{ token?: string | string[] }>;
}) {
  const { token } = await searchParams;
  const link = await findEmailLink({ purpose: "signup", token });
  return (
    <AuthCard
      title="Finish creating your account"
      footer={
        <Link href="/login" className="font-medium text-brand-700 hover:underline">
          Sign in instead
        </Link>
      }
    >
      {link && typeof token === "string" ? (
        <AccountForm
          action={completeSignUpAction}
          fields={[
            {
              name: "password",
              label: "Password",
              type: "password",
              autoComplete: "current-password",
              hint: "The password you chose when you signed up.",
            },
          ]}
          hidden={{ token }}
          submitLabel="Create my account"
          pendingLabel="Creating…"
          after={{ signInWith: "password", goTo: "/dashboard" }}
        >
          <p className="text-sm text-slate-700">
            Creating the account for <strong>{link.email}</strong>.
          </p>
        </AccountForm>
      ) : (
        <Alert tone="error">
          This link has expired or was already used.{" "}
          <Link href="/signup" className="font-medium underline">
            Sign up again
          </Link>{" "}
          or sign in if your account exists.
        </Alert>
      )}
    </AuthCard>
  );
}
