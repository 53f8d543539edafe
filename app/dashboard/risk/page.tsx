import type { Metadata } from "next";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Timestamp } from "@/components/ui/timestamp";
import { can } from "@/lib/auth/permissions";
import { requireMembership } from "@/lib/auth/require-membership";
import type { RiskBlock } from "@/lib/generated/prisma/client";
import { getRiskOverview, RISK_SIGNAL_TYPES } from "@/lib/risk/get-risk-overview";
import { RISK_EVENT_TYPES, type RiskEventType } from "@/lib/risk/record-risk-event";
import { RISK_THRESHOLDS } from "@/lib/risk/thresholds";
import { unblockAction } from "./actions";

export const metadata: Metadata = { title: "Risk" };

const KIND_LABELS: Record<string, string> = {
  ip: "IP address",
  phone: "Number",
  prefix: "Number prefix",
  country: "Country",
};

const PATTERN_TYPES = new Set<string>([
  "suspicious_ip_many_numbers",
  "sequential_numbers",
  "prefix_burst",
  "repeated_code_requests",
]);

function label(type: string): string {
  return RISK_EVENT_TYPES[type as RiskEventType] ?? type;
}

function tone(type: string): BadgeTone {
  if (type === "blocked") return "red";
  if (PATTERN_TYPES.has(type)) return "amber";
  return "gray";
}

const minutes = (seconds: number) => `${seconds / 60} min`;
const { ipNumbers, ipRefusals, sequential, prefixBurst, codeRequests, foreignCountry } =
  RISK_THRESHOLDS;
const RULES = [
  `Many numbers from one IP: more than ${ipNumbers.flagAbove} in ${minutes(ipNumbers.flagWindowSeconds)} is flagged; more than ${ipNumbers.blockAbove} in ${minutes(ipNumbers.blockWindowSeconds)} blocks the IP for ${minutes(ipNumbers.blockSeconds)}.`,
  `An IP that keeps trying after being rate limited (more than ${ipRefusals.blockAbove} refusals in ${minutes(ipRefusals.windowSeconds)}) is blocked for ${minutes(ipRefusals.blockSeconds)}.`,
  `Sequential numbers (a constant step of 1 to ${sequential.maxStep}) within ${minutes(sequential.windowSeconds)}: a run of ${sequential.flagAtLength} is flagged; a run of ${sequential.blockAtLength} from ${sequential.blockMinNetworks} or more networks (/24) blocks the prefix for ${minutes(sequential.blockSeconds)}.`,
  `One number prefix: more than ${prefixBurst.flagAbove} requests in ${minutes(prefixBurst.windowSeconds)} is flagged; more than ${prefixBurst.blockAbove} blocks the prefix for ${minutes(prefixBurst.blockSeconds)}.`,
  `Codes for one number: more than 5 in an hour are refused and flagged; more than ${codeRequests.blockAbove} in ${minutes(codeRequests.windowSeconds)} block the number for ${minutes(codeRequests.blockSeconds)}.`,
  `Countries other than the form's default: at most ${foreignCountry.limit} requests per country in ${minutes(foreignCountry.windowSeconds)}; countries missing from the form's allow-list are refused.`,
];

function BlockRow({ block, canManage }: { block: RiskBlock; canManage: boolean }) {
  return (
    <tr>
      <td className="px-4 py-2 text-slate-700">{KIND_LABELS[block.kind] ?? block.kind}</td>
      <td className="px-4 py-2 font-mono text-xs text-slate-900">{block.value}</td>
      <td className="px-4 py-2">
        <Badge tone="amber">{label(block.reason)}</Badge>
      </td>
      <td className="px-4 py-2">
        <Timestamp value={block.createdAt} withLocal={false} />
      </td>
      <td className="px-4 py-2">
        <Timestamp value={block.expiresAt} withLocal={false} />
      </td>
      {canManage ? (
        <td className="px-4 py-2 text-right">
          <ConfirmAction
            action={unblockAction.bind(null, block.id)}
            label="Unblock"
            variant="secondary"
            question={`Lift this block on ${block.value}? Its requests are accepted again at once.`}
            confirmLabel="Yes, unblock"
            pendingLabel="Unblocking…"
          />
        </td>
      ) : null}
    </tr>
  );
}

export default async function RiskPage() {
  const { organizationId, role } = await requireMembership("evidence:read");
  const overview = await getRiskOverview({ organizationId });
  const canManage = can(role, "risk:manage");

  return (
    <>
      <PageHeader
        title="Risk"
        description="SMS pumping and bot protection: requests refused or flagged on your public forms in the last 24 hours, and the blocks placed automatically. A block refuses every request from an IP, to a number, a number prefix or a country until it ends."
      />

      <Card className="mb-6">
        <CardHeader title="Last 24 hours" />
        <CardBody>
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
            {RISK_SIGNAL_TYPES.map((type) => (
              <div key={type} className="rounded-md border border-slate-200 px-3 py-2">
                <dt className="text-xs text-slate-600">{label(type)}</dt>
                <dd
                  className={
                    overview.counts[type] > 0
                      ? "text-xl font-semibold text-slate-900"
                      : "text-xl font-semibold text-slate-400"
                  }
                >
                  {overview.counts[type]}
                </dd>
              </div>
            ))}
          </dl>
        </CardBody>
      </Card>

      <Card className="mb-6">
        <CardHeader
          title="Active blocks"
          description={
            canManage
              ? "Unblocking ends the block now and starts counting afresh for it."
              : "Owners and marketers can lift a block."
          }
        />
        {overview.activeBlocks.length === 0 ? (
          <CardBody>
            <EmptyState title="Nothing is blocked" />
          </CardBody>
        ) : (
          <DataTable
            caption="Active blocks"
            columns={[
              { label: "Blocked" },
              { label: "Value" },
              { label: "Why" },
              { label: "Since" },
              { label: "Until" },
              ...(canManage ? [{ label: "Actions", srOnly: true }] : []),
            ]}
          >
            {overview.activeBlocks.map((block) => (
              <BlockRow key={block.id} block={block} canManage={canManage} />
            ))}
          </DataTable>
        )}
      </Card>

      <Card className="mb-6">
        <CardHeader
          title="Flags by type, IP and prefix"
          description="Each row is one kind of signal from one IP for one number prefix, most frequent first."
        />
        {overview.groups.length === 0 ? (
          <CardBody>
            <EmptyState title="No flags in the last 24 hours" />
          </CardBody>
        ) : (
          <DataTable
            caption="Flags grouped by type, IP and prefix"
            columns={[
              { label: "Signal" },
              { label: "IP" },
              { label: "Prefix" },
              { label: "Count", align: "right" },
              { label: "First" },
              { label: "Last" },
            ]}
          >
            {overview.groups.map((group) => (
              <tr key={`${group.type}|${group.ip ?? ""}|${group.prefix ?? ""}`}>
                <td className="px-4 py-2">
                  <Badge tone={tone(group.type)}>{label(group.type)}</Badge>
                </td>
                <td className="px-4 py-2 font-mono text-xs">{group.ip ?? "—"}</td>
                <td className="px-4 py-2 font-mono text-xs">{group.prefix ?? "—"}</td>
                <td className="px-4 py-2 text-right font-semibold tabular-nums">{group.count}</td>
                <td className="px-4 py-2">
                  <Timestamp value={group.first} withLocal={false} />
                </td>
                <td className="px-4 py-2">
                  <Timestamp value={group.last} withLocal={false} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Ended in the last 24 hours" />
          {overview.endedBlocks.length === 0 ? (
            <CardBody>
              <p className="text-sm text-slate-600">No block ended.</p>
            </CardBody>
          ) : (
            <ul className="divide-y divide-slate-100">
              {overview.endedBlocks.map((block) => (
                <li key={block.id} className="px-5 py-2 text-sm">
                  <span className="text-slate-700">{KIND_LABELS[block.kind] ?? block.kind}</span>{" "}
                  <span className="font-mono text-xs">{block.value}</span> · {label(block.reason)} ·
                  ended <Timestamp value={block.expiresAt} withLocal={false} />
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card>
          <CardHeader title="How requests are judged" />
          <CardBody>
            <ul className="list-disc space-y-1.5 pl-5 text-sm text-slate-700">
              {RULES.map((rule) => (
                <li key={rule}>{rule}</li>
              ))}
            </ul>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
