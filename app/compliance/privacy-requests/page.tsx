import type { Metadata } from "next";
import Link from "next/link";
import { PrivacyRequestDecision } from "@/components/compliance/privacy-request-decision";
import { ActionForm, SubmitButton, TextField } from "@/components/ui/action-form";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Timestamp } from "@/components/ui/timestamp";
import { can } from "@/lib/auth/permissions";
import { requireMembership } from "@/lib/auth/require-membership";
import {
  listPrivacyRequests,
  type PrivacyRequestFilter,
} from "@/lib/privacy/list-privacy-requests";
import {
  approvePrivacyRequestAction,
  logErasureRequestAction,
  rejectPrivacyRequestAction,
} from "./actions";

export const metadata: Metadata = { title: "Privacy requests" };

const KIND_LABELS = { access: "Access", withdrawal: "Withdrawal", erasure: "Erasure" } as const;
const CHANNEL_LABELS = {
  portal: "Privacy portal",
  withdraw_link: "Withdraw link",
  staff: "Staff",
  retention: "Retention job",
} as const;
const STATUS: Record<string, { tone: BadgeTone; label: string }> = {
  open: { tone: "amber", label: "Open" },
  awaiting_approval: { tone: "amber", label: "Awaiting approval" },
  completed: { tone: "green", label: "Completed" },
  rejected: { tone: "gray", label: "Rejected" },
};

export default async function PrivacyRequestsPage({
  searchParams,
}: {
  searchParams: Promise<{ show?: string }>;
}) {
  const { organizationId, role } = await requireMembership("evidence:read");
  const { show } = await searchParams;
  const filter: PrivacyRequestFilter = show === "all" ? "all" : "waiting";
  const { items, waiting, truncated } = await listPrivacyRequests({ organizationId, filter });
  const mayHandle = can(role, "privacy:handle");
  return (
    <>
      <PageHeader
        title="Privacy requests"
        back={{ href: "/compliance", label: "Compliance" }}
        description="What people asked for in the privacy portal or through a withdraw link: a copy of their data, a withdrawal, an erasure; and what the retention job erased. GDPR gives one month to answer. Numbers are kept here only as a hash."
      />
      <nav aria-label="Which requests" className="mb-4 flex gap-4 text-sm">
        <Link
          href="/compliance/privacy-requests"
          aria-current={filter === "waiting" ? "page" : undefined}
          className={
            filter === "waiting" ? "font-semibold text-slate-900" : "text-brand-700 hover:underline"
          }
        >
          Waiting ({waiting})
        </Link>
        <Link
          href="/compliance/privacy-requests?show=all"
          aria-current={filter === "all" ? "page" : undefined}
          className={
            filter === "all" ? "font-semibold text-slate-900" : "text-brand-700 hover:underline"
          }
        >
          All requests
        </Link>
      </nav>
      <Card>
        <CardHeader
          title={filter === "waiting" ? "Waiting for a decision" : "All requests, newest first"}
          description={truncated ? "The latest 100 are shown." : undefined}
        />
        {items.length === 0 ? (
          <div className="p-5">
            <EmptyState title={filter === "waiting" ? "Nothing is waiting" : "No requests yet"}>
              Requests appear here as people make them in the privacy portal.
            </EmptyState>
          </div>
        ) : (
          <DataTable
            caption="Privacy requests"
            columns={[
              { label: "Received" },
              { label: "Kind" },
              { label: "Channel" },
              { label: "Status" },
              { label: "Due by" },
              { label: "Handled" },
              { label: "Decision", srOnly: !mayHandle },
            ]}
          >
            {items.map((item) => (
              <tr key={item.id} data-testid={`privacy-request-${item.id}`} className="align-top">
                <td className="px-4 py-2">
                  <Timestamp value={item.createdAt} withLocal={false} />
                </td>
                <td className="px-4 py-2">
                  {KIND_LABELS[item.kind]}
                  {item.subscribers > 0 ? (
                    <span className="block text-xs text-slate-600">
                      {item.subscribers} {item.subscribers === 1 ? "list entry" : "list entries"}
                    </span>
                  ) : null}
                </td>
                <td className="px-4 py-2">{CHANNEL_LABELS[item.channel]}</td>
                <td className="px-4 py-2">
                  <Badge tone={STATUS[item.status]?.tone}>{STATUS[item.status]?.label}</Badge>
                </td>
                <td className="px-4 py-2">
                  <Timestamp value={item.dueAt} withLocal={false} />
                  {item.overdue ? (
                    <span className="mt-1 block">
                      <Badge tone="red">Overdue</Badge>
                    </span>
                  ) : null}
                </td>
                <td className="px-4 py-2 text-slate-700">
                  {item.handledAt ? (
                    <>
                      <Timestamp value={item.handledAt} withLocal={false} />
                      <span className="block text-xs">{item.handledBy}</span>
                      {item.note ? (
                        <span className="block text-xs text-slate-600">“{item.note}”</span>
                      ) : null}
                    </>
                  ) : (
                    "—"
                  )}
                </td>
                <td className="px-4 py-2">
                  {mayHandle && item.status === "awaiting_approval" ? (
                    <PrivacyRequestDecision
                      approve={approvePrivacyRequestAction.bind(null, item.id)}
                      reject={rejectPrivacyRequestAction.bind(null, item.id)}
                    />
                  ) : null}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
      {mayHandle ? (
        <Card className="mt-6 max-w-2xl">
          <CardHeader
            title="Log an erasure request received by mail or phone"
            description="It follows the organization’s setting: it waits here for approval, or is carried out at once."
          />
          <CardBody>
            <ActionForm
              action={logErasureRequestAction}
              resetOnSuccess
              className="flex flex-wrap items-end gap-3"
            >
              <TextField
                name="phone"
                label="Number"
                hint="In international format, e.g. +44 7911 123456."
                autoComplete="off"
                required
              />
              <SubmitButton variant="secondary" pendingLabel="Logging…">
                Log request
              </SubmitButton>
            </ActionForm>
          </CardBody>
        </Card>
      ) : null}
    </>
  );
}
