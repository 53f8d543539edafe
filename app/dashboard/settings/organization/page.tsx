import type { Metadata } from "next";
import { ActionForm, SubmitButton } from "@/components/ui/action-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireMembership } from "@/lib/auth/require-membership";
import { getOrganizationBranding } from "@/lib/organizations/organization-branding";
import { setBrandingAction } from "./actions";

export const metadata: Metadata = { title: "Organization" };

// Every member can see the settings (they explain what subscribers see); only owners change them.
export default async function OrganizationSettingsPage() {
  const membership = await requireMembership();
  const { showPoweredBy } = await getOrganizationBranding({
    organizationId: membership.organizationId,
  });
  const canManage = can(membership.role, "organization:manage");
  return (
    <>
      <PageHeader
        title="Organization"
        description="Settings for all of this organization's forms. Every change is recorded in the audit log."
      />
      <Card className="max-w-2xl">
        <CardHeader
          title="optline branding on hosted forms"
          description="Hosted signup and verification pages say “double opt-in by optline” under the form and end their browser tab title with “· optline”. Embedded forms never show the footer."
        />
        <CardBody className="space-y-4">
          <p className="text-sm text-slate-800" data-testid="branding-state">
            {showPoweredBy
              ? "Shown: hosted forms carry the footer and the title suffix."
              : "Hidden: hosted forms show neither the footer nor the title suffix."}
          </p>
          {canManage ? (
            <ActionForm action={setBrandingAction.bind(null, !showPoweredBy)}>
              <SubmitButton variant="secondary">
                {showPoweredBy ? "Hide optline branding" : "Show optline branding"}
              </SubmitButton>
            </ActionForm>
          ) : (
            <p className="text-sm text-slate-600">Only owners can change this.</p>
          )}
        </CardBody>
      </Card>
    </>
  );
}
