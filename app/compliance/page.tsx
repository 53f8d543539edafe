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
import { describeCheckpointCheck } from "@/lib/consent-events/verify-checkpoint";
import { verifyEvidence } from "@/lib/consent-events/verify-evidence";
import { AppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Compliance" };

export default async function CompliancePage({
  searchParams,
}: {
  searchParams: Promise<{ checkpoint?: string | string[] }>;
}) {
  const { organizationId } = await requireMembership("evidence:read");
  const asked = (await searchParams).checkpoint;
  const reference = typeof asked === "string" && asked.trim() ? asked.trim() : undefined;
  const [evidence, audit] = await Promise.all([
    verifyEvidence({ organizationId, checkpoint: reference }).then(
      (result) => ({ result, error: null }),
      async (error: unknown) => {
        // A malformed checkpoint is the visitor's typo: say so, and check the chains alone.
        if (!(error instanceof AppError)) throw error;
        return { result: await verifyEvidence({ organizationId }), error: error.message };
      },
    ),
    listAuditLog({ organizationId, limit: 8 }),
  ]);
  const chain = evidence.result;
  const latest = chain.latestCheckpoint;
  const heldAgainst = chain.checkpoint;
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
            {chain.erasures.length > 0 ? (
              <p className="text-slate-600" data-testid="chain-erasures">
                {chain.erasures.length} subscriber{chain.erasures.length === 1 ? "’s" : "s’"}{" "}
                personal data erased (their evidence redacted and checked against the erasure
                record), the latest on{" "}
                <Timestamp
                  value={chain.erasures.reduce(
                    (latest, erasure) => (erasure.erasedAt > latest ? erasure.erasedAt : latest),
                    chain.erasures[0]!.erasedAt,
                  )}
                />
                .
              </p>
            ) : null}
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Evidence checkpoints"
            description="Published regularly: a root hash over the head of every chain. Keep a root; checking it later shows whether any evidence it covered has gone."
          />
          <CardBody className="space-y-3 text-sm">
            {latest ? (
              <p data-testid="latest-checkpoint">
                Latest: #{latest.seq} of <Timestamp value={latest.createdAt} /> ({latest.events}{" "}
                events in {latest.chains} chains), root{" "}
                <code className="font-mono text-xs break-all">{latest.root}</code>
              </p>
            ) : (
              <p className="text-slate-600">No checkpoint published yet.</p>
            )}
            <form method="get" className="space-y-2" role="search" aria-label="Checkpoint">
              <label htmlFor="checkpoint" className="block font-medium text-slate-900">
                Check against a checkpoint you kept (root or id)
              </label>
              <div className="flex gap-2">
                <input
                  id="checkpoint"
                  name="checkpoint"
                  defaultValue={reference ?? ""}
                  spellCheck={false}
                  aria-invalid={evidence.error ? true : undefined}
                  aria-describedby={evidence.error ? "checkpoint-error" : undefined}
                  className="block w-full rounded-md px-3 py-2 font-mono text-xs ring-1 ring-slate-300"
                />
                <button
                  type="submit"
                  className="rounded-md bg-brand-600 px-3 py-2 text-sm font-medium text-white"
                >
                  Check
                </button>
              </div>
            </form>
            <div aria-live="polite" data-testid="checkpoint-result">
              {evidence.error ? (
                <p id="checkpoint-error" role="alert" className="text-red-800">
                  {evidence.error}
                </p>
              ) : heldAgainst ? (
                <p role={heldAgainst.ok ? "status" : "alert"}>
                  {describeCheckpointCheck(heldAgainst)}
                </p>
              ) : null}
            </div>
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Proof of opt-in"
            description="Find the subscriber, then open “Proof of opt-in” (page, PDF or JSON)."
          />
          <CardBody>
            <form
              action="/dashboard/subscribers"
              className="flex gap-2"
              role="search"
              aria-label="Subscriber"
            >
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
              </ButtonLink>{" "}
              <ButtonLink href="/compliance/privacy-requests" variant="secondary" size="sm">
                Privacy requests
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
