import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm, SubmitButton, TextField } from "@/components/ui/action-form";
import { GrowthSection } from "@/components/growth/growth-section";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { getAudience } from "@/lib/audiences/get-audience";
import { can } from "@/lib/auth/permissions";
import { requireMembership } from "@/lib/auth/require-membership";
import { orNotFound } from "@/lib/http/or-not-found";
import { updateAudienceAction } from "../actions";

export const metadata: Metadata = { title: "Audience" };

export default async function AudiencePage({
  params,
  searchParams,
}: {
  params: Promise<{ audienceId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { audienceId } = await params;
  const { organizationId, role } = await requireMembership();
  const audience = await orNotFound(getAudience({ organizationId, audienceId }));
  const stats = [
    ["Confirmed", audience.counts.CONFIRMED, "CONFIRMED"],
    ["Pending", audience.counts.PENDING, "PENDING"],
    ["Unsubscribed", audience.counts.UNSUBSCRIBED, "UNSUBSCRIBED"],
  ] as const;
  return (
    <>
      <PageHeader
        title={audience.name}
        description={audience.description || undefined}
        back={{ href: "/dashboard/audiences", label: "Audiences" }}
        actions={
          <ButtonLink href={`/dashboard/subscribers?audienceId=${audience.id}`} variant="secondary">
            View subscribers
          </ButtonLink>
        }
      />
      <dl className="grid gap-4 sm:grid-cols-3">
        {stats.map(([label, value, status]) => (
          // A <dl> holds only <div> groups of <dt>/<dd>: the link stretches over its card.
          <div
            key={label}
            className="relative rounded-lg border border-slate-200 bg-white p-4 shadow-xs hover:border-brand-600"
          >
            <dt className="text-sm text-slate-600">
              <Link
                href={`/dashboard/subscribers?audienceId=${audience.id}&status=${status}`}
                className="after:absolute after:inset-0"
              >
                {label}
              </Link>
            </dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader
            title="Signup forms"
            actions={
              can(role, "forms:write") ? (
                <ButtonLink href={`/dashboard/forms?audienceId=${audience.id}`} size="sm">
                  New form
                </ButtonLink>
              ) : null
            }
          />
          <CardBody>
            {audience.forms.length === 0 ? (
              <EmptyState title="No forms for this audience yet" />
            ) : (
              <ul className="divide-y divide-slate-100">
                {audience.forms.map((form) => (
                  <li key={form.id} className="py-2">
                    <Link
                      href={`/dashboard/forms/${form.id}`}
                      className="font-medium text-brand-700 hover:underline"
                    >
                      {form.name}
                    </Link>
                    <span className="ml-2 font-mono text-xs text-slate-500">/f/{form.slug}</span>
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>
        {can(role, "audiences:write") ? (
          <Card>
            <CardHeader title="Edit audience" />
            <CardBody>
              <ActionForm
                action={updateAudienceAction.bind(null, audience.id)}
                className="space-y-4"
              >
                <TextField name="name" label="Name" defaultValue={audience.name} required />
                <TextField
                  name="description"
                  label="Description"
                  defaultValue={audience.description}
                  multiline
                />
                <SubmitButton>Save</SubmitButton>
              </ActionForm>
            </CardBody>
          </Card>
        ) : null}
      </div>
      <GrowthSection
        scope={{ organizationId, audienceId: audience.id }}
        searchParams={await searchParams}
      />
    </>
  );
}
