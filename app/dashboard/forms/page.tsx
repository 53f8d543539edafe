import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm, SelectField, SubmitButton, TextField } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DataTable, TD_NUM } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listAudiences } from "@/lib/audiences/list-audiences";
import { can } from "@/lib/auth/permissions";
import { requireMembership } from "@/lib/auth/require-membership";
import { listForms } from "@/lib/forms/list-forms";
import { LOCALE_NAMES, LOCALES } from "@/lib/i18n/locales";
import { countryOptions } from "@/lib/phone/countries";
import { createFormAction } from "./actions";

export const metadata: Metadata = { title: "Signup forms" };

export default async function FormsPage({
  searchParams,
}: {
  searchParams: Promise<{ audienceId?: string }>;
}) {
  const { organizationId, role } = await requireMembership();
  const { audienceId } = await searchParams;
  const [forms, audiences] = await Promise.all([
    listForms({ organizationId }),
    listAudiences({ organizationId }),
  ]);
  return (
    <>
      <PageHeader
        title="Signup forms"
        description="Hosted pages and embeds where people ask to join an audience. Each publish freezes a version: the exact text people consented to."
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          {forms.length === 0 ? (
            <EmptyState title="No forms yet">
              Create a form, check its wording, publish it, then share the link or embed it.
            </EmptyState>
          ) : (
            <DataTable
              caption="Signup forms"
              className="rounded-lg border border-slate-200 bg-white shadow-xs"
              columns={[
                { label: "Form" },
                { label: "Audience" },
                { label: "Version" },
                { label: "Subscribers", align: "right" },
              ]}
            >
              {forms.map((form) => (
                <tr key={form.id}>
                  <td className="px-4 py-2">
                    <Link
                      href={`/dashboard/forms/${form.id}`}
                      className="font-medium text-brand-700 hover:underline"
                    >
                      {form.name}
                    </Link>
                    <div className="font-mono text-xs text-slate-500">/f/{form.slug}</div>
                    {form.kind === "ENROLLMENT" ? <Badge tone="blue">2FA enrollment</Badge> : null}
                  </td>
                  <td className="px-4 py-2">{form.audience.name}</td>
                  <td className="px-4 py-2">
                    {form.latestVersion ? (
                      <Badge tone="green">v{form.latestVersion.version} live</Badge>
                    ) : (
                      <Badge tone="amber">draft</Badge>
                    )}
                  </td>
                  <td className={TD_NUM}>{form._count.subscribers}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </div>
        {can(role, "forms:write") ? (
          <Card>
            <CardHeader title="New form" />
            <CardBody>
              {audiences.length === 0 ? (
                <p className="text-sm text-slate-700">
                  First{" "}
                  <Link
                    href="/dashboard/audiences"
                    className="font-medium text-brand-700 underline"
                  >
                    create an audience
                  </Link>{" "}
                  for the form to add people to.
                </p>
              ) : (
                <ActionForm action={createFormAction} className="space-y-4">
                  <TextField
                    name="name"
                    label="Form name"
                    required
                    placeholder="e.g. Footer signup"
                  />
                  <SelectField
                    name="audienceId"
                    label="Audience"
                    defaultValue={audienceId}
                    options={audiences.map((audience) => ({
                      value: audience.id,
                      label: audience.name,
                    }))}
                  />
                  <SelectField
                    name="kind"
                    label="Kind"
                    defaultValue="SIGNUP"
                    hint="Enrollment: people verify their number by code for 2FA; marketing is an optional extra box."
                    options={[
                      { value: "SIGNUP", label: "Signup (marketing list)" },
                      { value: "ENROLLMENT", label: "Enrollment (2FA phone verification)" },
                    ]}
                  />
                  <TextField
                    name="programName"
                    label="Program name"
                    required
                    hint="Shown in every text, e.g. “Acme Deals”."
                  />
                  <SelectField
                    name="locale"
                    label="Language"
                    defaultValue="en"
                    options={LOCALES.map((locale) => ({
                      value: locale,
                      label: LOCALE_NAMES[locale],
                    }))}
                  />
                  <SelectField
                    name="defaultCountry"
                    label="Default country"
                    defaultValue="US"
                    options={countryOptions().map((country) => ({
                      value: country.code,
                      label: `${country.name} (+${country.callingCode})`,
                    }))}
                  />
                  <SubmitButton pendingLabel="Creating…">Create form</SubmitButton>
                </ActionForm>
              )}
            </CardBody>
          </Card>
        ) : null}
      </div>
    </>
  );
}
