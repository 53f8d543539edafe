import type { Metadata } from "next";
import Link from "next/link";
import { ChainBadge } from "@/components/subscribers/chain-badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Timestamp } from "@/components/ui/timestamp";
import { requireMembership } from "@/lib/auth/require-membership";
import { AuditList } from "@/components/compliance/audit-list";
import { listAuditLog } from "@/lib/compliance/list-audit-log";
import { verifyChains } from "@/lib/consent-events/verify-chain";

export const metadata: Metadata = { title: "Compliance" };

export default async function CompliancePage() {
  const { organizationId } = await requireMembership("evidence:read");
  const [chain, audit] = await Promise.all([
    verifyChains({ organizationId }),
    listAuditLog({ organizationId, limit: 8 }),
  ]);
  return (
    <>
      <PageHeader
        title="Compliance"
        description="Proof of opt-in for any number, exports of every consent record, and a check that no evidence was altered."
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader
            title="Evidence chains"
            description="Every consent event is hashed and linked to the previous one of its chain; this recomputed all of them just now."
          />
          <CardBody className="space-y-2 text-sm">
            <ChainBadge result={chain} />
            <p className="text-slate-600">
              {chain.chains} chain{chain.chains === 1 ? "" : "s"} (one per subscriber, one for the
              organization) · checked <Timestamp value={chain.verifiedAt} />
            </p>
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Proof of opt-in"
            description="Find the subscriber, then open “Proof of opt-in” (page, PDF or JSON)."
          />
          <CardBody>
            <form action="/dashboard/subscribers" className="flex gap-2" role="search">
              <label htmlFor="proof-phone" className="sr-only">
                Phone number
              </label>
              <input
                id="proof-phone"
                name="phone"
                inputMode="tel"
                placeholder="Phone number"
                className="block w-full rounded-md px-3 py-2 text-sm ring-1 ring-slate-300"
              />
              <button
                type="submit"
                className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white"
              >
                Find
              </button>
            </form>
            <p className="mt-3 text-sm">
              <ButtonLink href="/compliance/exports" variant="secondary" size="sm">
                Exports
              </ButtonLink>{" "}
              <ButtonLink href="/compliance/audit-log" variant="secondary" size="sm">
                Audit log
              </ButtonLink>
            </p>
          </CardBody>
        </Card>
      </div>
      <Card className="mt-6">
        <CardHeader
          title="Recent staff activity"
          actions={
            <Link href="/compliance/audit-log" className="text-sm text-brand-700 hover:underline">
              Full audit log
            </Link>
          }
        />
        <AuditList items={audit.items} />
      </Card>
    </>
  );
}
