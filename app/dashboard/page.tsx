import type { Metadata } from "next";
import Link from "next/link";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { GrowthSection } from "@/components/growth/growth-section";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Timestamp } from "@/components/ui/timestamp";
import { requireMembership } from "@/lib/auth/require-membership";
import { formatPhone } from "@/lib/phone/normalize-phone";
import { getOverview } from "@/lib/subscribers/get-overview";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { organizationId, organization } = await requireMembership();
  const overview = await getOverview({ organizationId });
  const stats = [
    {
      label: "Confirmed",
      value: overview.counts.CONFIRMED,
      href: "/dashboard/subscribers?status=CONFIRMED",
    },
    {
      label: "Pending confirmation",
      value: overview.counts.PENDING,
      href: "/dashboard/subscribers?status=PENDING",
    },
    {
      label: "Unsubscribed",
      value: overview.counts.UNSUBSCRIBED,
      href: "/dashboard/subscribers?status=UNSUBSCRIBED",
    },
  ];
  const steps = [
    { done: overview.audiences > 0, label: "Create an audience", href: "/dashboard/audiences" },
    { done: overview.forms > 0, label: "Create a signup form", href: "/dashboard/forms" },
    {
      done: overview.publishedForms > 0,
      label: "Publish the form and share or embed it",
      href: "/dashboard/forms",
    },
  ];
  return (
    <>
      <PageHeader
        title={organization.name}
        description="Double opt-in SMS lists, with proof of every consent."
      />
      <dl className="grid gap-4 sm:grid-cols-3">
        {stats.map((stat) => (
          // A <dl> holds only <div> groups of <dt>/<dd>: the link stretches over its card.
          <div
            key={stat.label}
            className="relative rounded-lg border border-slate-200 bg-white p-5 shadow-xs hover:border-brand-600"
          >
            <dt className="text-sm text-slate-600">
              <Link href={stat.href} className="after:absolute after:inset-0">
                {stat.label}
              </Link>
            </dt>
            <dd className="mt-1 text-3xl font-semibold tabular-nums text-slate-900">
              {stat.value}
            </dd>
          </div>
        ))}
      </dl>
      {steps.some((step) => !step.done) ? (
        <Card className="mt-6">
          <CardHeader title="Get started" />
          <CardBody>
            <ol className="space-y-2 text-sm">
              {steps.map((step, index) => (
                <li key={step.label} className="flex items-center gap-2">
                  <span aria-hidden className={step.done ? "text-emerald-600" : "text-slate-400"}>
                    {step.done ? "✓" : `${index + 1}.`}
                  </span>
                  <Link
                    href={step.href}
                    className={
                      step.done
                        ? "text-slate-500 line-through"
                        : "font-medium text-brand-700 hover:underline"
                    }
                  >
                    {step.label}
                  </Link>
                  {step.done ? <span className="sr-only">(done)</span> : null}
                </li>
              ))}
            </ol>
          </CardBody>
        </Card>
      ) : null}
      <Card className="mt-6">
        <CardHeader
          title="Latest consent activity"
          actions={
            <ButtonLink href="/dashboard/subscribers" variant="secondary" size="sm">
              All subscribers
            </ButtonLink>
          }
        />
        {overview.recent.length === 0 ? (
          <CardBody>
            <EmptyState title="Nothing yet">
              Signups, confirmations and opt-outs will appear here.
            </EmptyState>
          </CardBody>
        ) : (
          <ul className="divide-y divide-slate-100">
            {overview.recent.map((event) => (
              <li
                key={event.id}
                className="flex flex-wrap items-baseline justify-between gap-2 px-5 py-3 text-sm"
              >
                <span>
                  <Link
                    href={`/dashboard/subscribers/${event.subscriber?.id}`}
                    className="font-medium whitespace-nowrap text-brand-700 hover:underline"
                  >
                    {event.subscriber ? formatPhone(event.subscriber.phone) : "—"}
                  </Link>{" "}
                  <span className="text-slate-700">{event.description.title}</span>
                </span>
                <Timestamp value={event.createdAt} withLocal={false} />
              </li>
            ))}
          </ul>
        )}
      </Card>
      <GrowthSection scope={{ organizationId }} searchParams={await searchParams} />
    </>
  );
}
