import type { Metadata } from "next";
import Link from "next/link";
import { AccountForm } from "@/components/accounts/account-form";
import { DevMailboxNote } from "@/components/accounts/dev-mailbox-note";
import { AuthCard } from "@/components/dashboard/auth-card";
import { requestPasswordResetAction } from "./actions";

export const metadata: Metadata = { title: "Forgot your password?" };
export const dynamic = "force-dynamic";

export default function ForgotPasswordPage() {
  return (
    <AuthCard
      title="Forgot your password?"
      footer={
        <Link href="/login" className="font-medium text-brand-700 hover:underline">
          Back to sign-in
        </Link>
      }
    >
      <AccountForm
        action={requestPasswordResetAction}
        fields={[{ name: "email", label: "Email", type: "email", autoComplete: "email" }]}
        submitLabel="Send me a link"
        pendingLabel="Sending…"
        after={{ showMessage: true }}
      />
      <DevMailboxNote />
    </AuthCard>
  );
}
