import type { Metadata } from "next";
import { AccountForm } from "@/components/accounts/account-form";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireMembership } from "@/lib/auth/require-membership";
import { changePasswordAction } from "./actions";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage({
  searchParams,
}: {
  searchParams: Promise<{ changed?: string }>;
}) {
  const { user } = await requireMembership();
  const { changed } = await searchParams;
  return (
    <>
      <PageHeader title="Your account" description={`${user.name} · ${user.email}`} />
      <Card className="max-w-lg">
        <CardHeader
          title="Change your password"
          description="Every session of yours ends at once, on every device; this one signs in again with the new password."
        />
        <CardBody>
          {changed ? (
            <Alert tone="success" className="mb-4">
              Password changed. Every other session was signed out.
            </Alert>
          ) : null}
          <AccountForm
            action={changePasswordAction}
            fields={[
              {
                name: "currentPassword",
                label: "Current password",
                type: "password",
                autoComplete: "current-password",
              },
              {
                name: "newPassword",
                label: "New password",
                type: "password",
                autoComplete: "new-password",
                hint: "At least 10 characters, not a common password.",
              },
            ]}
            submitLabel="Change password"
            pendingLabel="Changing…"
            after={{ signInWith: "newPassword", goTo: "/dashboard/account?changed=1" }}
          />
        </CardBody>
      </Card>
    </>
  );
}
