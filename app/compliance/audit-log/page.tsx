import type { Metadata } from "next";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireMembership } from "@/lib/auth/require-membership";
import { listAuditLog } from "@/lib/compliance/list-audit-log";
import { AuditList } from "@/components/compliance/audit-list";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditLogPage({
  searchParams,
}: {
  searchParams: Promise<{ before?: string }>;
}) {
  const { organizationId } = await requireMembership("evidence:read");
  const { before } = await searchParams;
  // Only dates PostgreSQL can compare; anything else (a hand-edited link) starts at the top.
  const parsedBefore = before ? Date.parse(before) : Number.NaN;
  const beforeDate =
    parsedBefore > 0 && parsedBefore < Date.UTC(10000, 0) ? new Date(parsedBefore) : undefined;
  const { items, nextBefore } = await listAuditLog({ organizationId, before: beforeDate });
  return (
    <>
      <PageHeader
        title="Audit log"
        back={{ href: "/compliance", label: "Compliance" }}
        description="Every action by staff and API keys, with its details: forms created, changed and published (with the consent text’s SHA-256), audiences, exports, members and roles, API keys, manual adds, imports, edits, withdrawals and deletions with their reasons."
      />
      <Card>
        <CardHeader title="Newest first" />
        <AuditList items={items} />
      </Card>
      {nextBefore ? (
        <div className="mt-4">
          <ButtonLink
            href={`?before=${encodeURIComponent(nextBefore.toISOString())}`}
            variant="secondary"
            size="sm"
          >
            Older →
          </ButtonLink>
        </div>
      ) : null}
    </>
  );
}
