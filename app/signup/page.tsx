import type { Metadata } from "next";
import Link from "next/link";
import { DevMailboxNote } from "@/components/accounts/dev-mailbox-note";
import { AuthCard } from "@/components/dashboard/auth-card";
import { AccountForm } from "@/components/accounts/account-form";
import { signUpAction } from "./actions";

export const metadata: Metadata = { title: "Create an account" };
export const dynamic = "force-dynamic";

export default function SignUpPage() {
  return (
    <AuthCard
      title="Create your organization"
      footer={
        <>
          Already have an account?{" "}
          <Link href="/login" className="font-medium text-brand-700 hover:underline">
            Sign in
          </Link>
        </>
      }
    >
      <AccountForm
        action={signUpAction}
        fields={[
          { name: "name", label: "Your name", type: "text", autoComplete: "name" },
          {
            name: "organizationName",
            label: "Organization",
            type: "text",
            autoComplete: "organization",
          },
          { name: "email", label: "Work email", type: "email", autoComplete: "email" },
          {
            name: "password",
            label: "Password",
            type: "password",
            autoComplete: "new-password",
            hint: "At least 10 characters, not a common password.",
          },
        ]}
        submitLabel="Create account"
        pendingLabel="Creating…"
        after={{ showMessage: true }}
      />
      <DevMailboxNote />
    </AuthCard>
  );
}
