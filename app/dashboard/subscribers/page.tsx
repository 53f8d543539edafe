import type { Metadata } from "next";
import Link from "next/link";
import { SubscriberStatusBadge } from "@/components/ui/badge";
import { Button, ButtonLink } from "@/components/ui/button";
import { DataTable, TD_PHONE } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/field";
import { PageHeader } from "@/components/ui/page-header";
import { Timestamp } from "@/components/ui/timestamp";
import { listAudiences } from "@/lib/audiences/list-audiences";
import { can } from "@/lib/auth/permissions";
import { requireMembership } from "@/lib/auth/require-membership";
import { formatPhone } from "@/lib/phone/normalize-phone";
import { notFoundOnBadInput, orNotFound } from "@/lib/http/or-not-found";
import { listSubscribers } from "@/lib/subscribers/list-subscribers";
import {
  SUBSCRIBER_STATUSES,
  ZSubscriberListQuerySchema,
} from "@/lib/subscribers/subscriber-schemas";

export const metadata: Metadata = { title: "Subscribers" };

const STATUS_LABELS: Record<(typeof SUBSCRIBER_STATUSES)[number], string> = {
  PENDING: "Pending",
  CONFIRMED: "Confirmed",
  UNSUBSCRIBED: "Unsubscribed",
  NOT_SUBSCRIBED: "Not subscribed (2FA only)",
};

export default async function SubscribersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { organizationId, role } = await requireMembership();
  const raw = await searchParams;
  // Ignore unusable filters (a hand-edited URL) rather than failing the page.
  const parsed = ZSubscriberListQuerySchema.safeParse(raw);
  const query = parsed.success ? parsed.data : { limit: 25 };
  const [{ items, nextCursor }, audiences] = await Promise.all([
    // A cursor that is not one of ours (edited or stale link) is a 404, not a 500.
    orNotFound(listSubscribers({ organizationId, query }).catch(notFoundOnBadInput)),
    listAudiences({ organizationId }),
  ]);
  const filters = new URLSearchParams(
    Object.entries({
      audienceId: query.audienceId,
      status: query.status,
      phone: query.phone,
    }).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
  const nextHref = nextCursor
    ? `?${new URLSearchParams([...filters, ["cursor", nextCursor]])}`
    : null;

  return (
    <>
      <PageHeader
        title="Subscribers"
        description="Everyone who signed up, with where they stand. Open one to see both consents and every piece of evidence."
        actions={
          can(role, "subscribers:write") ? (
            <ButtonLink href="/dashboard/subscribers/new">Add or import</ButtonLink>
          ) : null
        }
      />
      <form
        role="search"
        className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-xs"
      >
        <div>
          <label htmlFor="filter-phone" className="block text-xs font-medium text-slate-700">
            Phone
          </label>
          <Input
            id="filter-phone"
            name="phone"
            type="search"
            inputMode="tel"
            defaultValue={query.phone ?? ""}
            placeholder="e.g. 0123"
            className="mt-1 w-44"
          />
        </div>
        <div>
          <label htmlFor="filter-status" className="block text-xs font-medium text-slate-700">
            Status
          </label>
          <Select
            id="filter-status"
            name="status"
            defaultValue={query.status ?? ""}
            className="mt-1 w-48"
          >
            <option value="">Any status</option>
            {SUBSCRIBER_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor="filter-audience" className="block text-xs font-medium text-slate-700">
            Audience
          </label>
          <Select
            id="filter-audience"
            name="audienceId"
            defaultValue={query.audienceId ?? ""}
            className="mt-1 w-48"
          >
            <option value="">All audiences</option>
            {audiences.map((audience) => (
              <option key={audience.id} value={audience.id}>
                {audience.name}
              </option>
            ))}
          </Select>
        </div>
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        {filters.size > 0 ? (
          <ButtonLink href="/dashboard/subscribers" variant="ghost">
            Clear
          </ButtonLink>
        ) : null}
      </form>

      {items.length === 0 ? (
        <EmptyState
          title={filters.size > 0 ? "No subscriber matches these filters" : "No subscribers yet"}
        >
          {filters.size > 0
            ? null
            : "Publish a signup form and share it: people appear here as soon as they sign up."}
        </EmptyState>
      ) : (
        <DataTable
          caption="Subscribers"
          className="rounded-lg border border-slate-200 bg-white shadow-xs"
          columns={[
            { label: "Phone" },
            { label: "Status" },
            { label: "Audience" },
            { label: "Signed up" },
          ]}
        >
          {items.map((subscriber) => (
            <tr key={subscriber.id}>
              <td className={TD_PHONE} data-testid="phone-cell">
                <Link
                  href={`/dashboard/subscribers/${subscriber.id}`}
                  className="font-medium text-brand-700 hover:underline"
                >
                  {formatPhone(subscriber.phone)}
                </Link>
              </td>
              <td className="px-4 py-2">
                <SubscriberStatusBadge status={subscriber.status} />
              </td>
              <td className="px-4 py-2">{subscriber.audience.name}</td>
              <td className="px-4 py-2">
                <Timestamp value={subscriber.createdAt} withLocal={false} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <nav aria-label="Pagination" className="mt-4 flex gap-2">
        {query.cursor ? (
          <ButtonLink href={`?${filters}`} variant="secondary" size="sm">
            ← First page
          </ButtonLink>
        ) : null}
        {nextHref ? (
          <ButtonLink href={nextHref} variant="secondary" size="sm">
            Next page →
          </ButtonLink>
        ) : null}
      </nav>
    </>
  );
}
