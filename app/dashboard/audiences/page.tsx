import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm, SubmitButton, TextField } from "@/components/ui/action-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listAudiences } from "@/lib/audiences/list-audiences";
import { can } from "@/lib/auth/permissions";
import { requireMembership } from "@/lib/auth/require-membership";
import { createAudienceAction } from "./actions";

export const metadata: Metadata = { title: "Audiences" };

export default async function AudiencesPage() {
  const { organizationId, role } = await requireMembership();
  const audiences = await listAudiences({ organizationId });
  return (
    <>
      <PageHeader
        title="Audiences"
        description="Lists people subscribe to. Each number appears at most once per audience."
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          {audiences.length === 0 ? (
            <EmptyState title="No audiences yet">
              Create one to start collecting subscribers.
            </EmptyState>
          ) : (
            <ul className="grid gap-3">
              {audiences.map((audience) => (
                <li key={audience.id}>
                  <Link
                    href={`/dashboard/audiences/${audience.id}`}
                    className="block rounded-lg border border-slate-200 bg-white p-4 shadow-xs hover:border-brand-600"
                  >
                    <p className="font-medium text-slate-900">{audience.name}</p>
                    {audience.description ? (
                      <p className="mt-0.5 text-sm text-slate-600">{audience.description}</p>
                    ) : null}
                    <p className="mt-2 text-xs text-slate-600">
                      {audience.counts.CONFIRMED} confirmed · {audience.counts.PENDING} pending ·{" "}
                      {audience.counts.UNSUBSCRIBED} unsubscribed · {audience._count.forms} form
                      {audience._count.forms === 1 ? "" : "s"}
                    </p>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
        {can(role, "audiences:write") ? (
          <Card>
            <CardHeader title="New audience" />
            <CardBody>
              <ActionForm action={createAudienceAction} className="space-y-4">
                <TextField name="name" label="Name" required placeholder="e.g. Spring promotions" />
                <TextField
                  name="description"
                  label="Description"
                  hint="Optional, for your team."
                  multiline
                />
                <SubmitButton pendingLabel="Creating…">Create audience</SubmitButton>
              </ActionForm>
            </CardBody>
          </Card>
        ) : null}
      </div>
    </>
  );
}
