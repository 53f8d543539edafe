import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm, SelectField, SubmitButton, TextField } from "@/components/ui/action-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireMembership } from "@/lib/auth/require-membership";
import { getPrivacySettings } from "@/lib/privacy/update-privacy-settings";
import { updatePrivacySettingsAction } from "./actions";

export const metadata: Metadata = { title: "Privacy settings" };

export default async function PrivacySettingsPage() {
  const { organizationId } = await requireMembership("privacy:settings");
  const settings = await getPrivacySettings({ organizationId });
  return (
    <>
      <PageHeader
        title="Privacy settings"
        description={
          <>
            How people’s requests from the privacy portal are handled. Requests and decisions are in
            the{" "}
            <Link href="/compliance/privacy-requests" className="text-brand-700 underline">
              privacy requests queue
            </Link>
            ; every change here is recorded in the audit log.
          </>
        }
      />
      <Card className="max-w-2xl">
        <CardHeader title="Erasure and retention" />
        <CardBody>
          <ActionForm action={updatePrivacySettingsAction} className="space-y-5">
            <SelectField
              name="erasureNeedsApproval"
              label="When someone asks for erasure"
              hint="With approval, an owner or compliance member decides in the queue (GDPR gives one month)."
              defaultValue={settings.erasureNeedsApproval ? "approval" : "automatic"}
              options={[
                { value: "approval", label: "Wait for approval by compliance staff" },
                { value: "automatic", label: "Erase at once" },
              ]}
            />
            <TextField
              name="pendingRetentionDays"
              label="Erase unconfirmed signups after (days)"
              hint="Pending subscribers who never confirmed are erased by a daily job after this many days (1 to 3650)."
              type="number"
              defaultValue={String(settings.pendingRetentionDays)}
              required
            />
            <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
          </ActionForm>
        </CardBody>
      </Card>
    </>
  );
}
