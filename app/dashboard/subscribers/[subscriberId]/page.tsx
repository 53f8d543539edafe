import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { ChainBadge } from "@/components/subscribers/chain-badge";
import { ConsentToggle } from "@/components/subscribers/consent-actions";
import { DeleteSubscriberForm, EditSubscriberForm } from "@/components/subscribers/staff-actions";
import { Badge, MessageStatusBadge, SubscriberStatusBadge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { Timestamp } from "@/components/ui/timestamp";
import { can } from "@/lib/auth/permissions";
import { requireMembership } from "@/lib/auth/require-membership";
import { verifyChains } from "@/lib/consent-events/verify-chain";
import type { Consent } from "@/lib/generated/prisma/client";
import { orNotFound } from "@/lib/http/or-not-found";
import { formatPhone } from "@/lib/phone/normalize-phone";
import { getSubscriber, type SubscriberDetail } from "@/lib/subscribers/get-subscriber";
import { deleteSubscriberAction, updateSubscriberAction } from "../actions";
import { changeConsentAction } from "./consent-actions";

export const metadata: Metadata = { title: "Subscriber" };

export default async function SubscriberPage({
  params,
}: {
  params: Promise<{ subscriberId: string }>;
}) {
  const { subscriberId } = await params;
  const { organizationId, role } = await requireMembership();
  const subscriber = await orNotFound(getSubscriber({ organizationId, subscriberId }));
  const chain = await verifyChains({ organizationId, subscriberId });

  return (
    <>
      <PageHeader
        title={formatPhone(subscriber.phone)}
        back={{ href: "/dashboard/subscribers", label: "Subscribers" }}
        actions={
          <ButtonLink href={`/compliance/subscribers/${subscriber.id}/proof`} variant="secondary">
            Proof of opt-in
          </ButtonLink>
        }
        description={
          <>
            {subscriber.deletedAt ? <Badge tone="red">deleted</Badge> : null}{" "}
            <SubscriberStatusBadge status={subscriber.status} /> in{" "}
            <Link
              href={`/dashboard/audiences/${subscriber.audience.id}`}
              className="font-medium text-brand-700 hover:underline"
            >
              {subscriber.audience.name}
            </Link>
            {subscriber.form ? (
              <>
                {" "}
                via{" "}
                <Link
                  href={`/dashboard/forms/${subscriber.form.id}`}
                  className="font-medium text-brand-700 hover:underline"
                >
                  {subscriber.form.name}
                </Link>
                {subscriber.formVersion?.version
                  ? ` (version ${subscriber.formVersion.version})`
                  : ""}
              </>
            ) : null}
          </>
        }
      />

      <div className="grid gap-6 md:grid-cols-2">
        <ConsentCard
          title="Marketing texts"
          description={marketingSummary(subscriber)}
          consent={subscriber.marketing}
          rows={[
            ["Granted", subscriber.marketing?.grantedAt, subscriber.marketing?.grantMethod],
            ["Confirmed", subscriber.marketing?.confirmedAt, null],
            ["Revoked", subscriber.marketing?.revokedAt, subscriber.marketing?.revokeMethod],
          ]}
        />
        <ConsentCard
          title="Verification codes (2FA)"
          description="Separate from marketing: dropping one never drops the other."
          consent={subscriber.verification}
          rows={[
            ["Granted", subscriber.verification?.grantedAt, subscriber.verification?.grantMethod],
            ["Revoked", subscriber.verification?.revokedAt, subscriber.verification?.revokeMethod],
          ]}
        />
      </div>
      {subscriber.customFields.length > 0 ? (
        <Card className="mt-6">
          <CardHeader title="Custom fields" description="Imported with the subscriber." />
          <CardBody>
            <dl className="grid grid-cols-[minmax(6rem,max-content)_1fr] gap-x-4 gap-y-1 text-sm">
              {subscriber.customFields.map(([name, value]) => (
                <div key={name} className="contents" data-testid={`custom-field-${name}`}>
                  <dt className="font-mono text-slate-600">{name}</dt>
                  <dd className="break-words whitespace-pre-wrap text-slate-900">{value}</dd>
                </div>
              ))}
            </dl>
          </CardBody>
        </Card>
      ) : null}
      {!subscriber.deletedAt && can(role, "subscribers:write") ? (
        <div className="grid gap-6 md:grid-cols-2" data-testid="consent-actions">
          <ConsentToggle
            action={changeConsentAction.bind(null, subscriber.id)}
            purpose="marketing"
            active={subscriber.status === "PENDING" || subscriber.status === "CONFIRMED"}
          />
          <ConsentToggle
            action={changeConsentAction.bind(null, subscriber.id)}
            purpose="verification"
            active={Boolean(
              subscriber.verification?.grantedAt && !subscriber.verification.revokedAt,
            )}
          />
        </div>
      ) : null}

      <Card className="mt-6">
        <CardHeader
          title="Consent timeline"
          description={`${subscriber.events.length} events, oldest first. Each is linked to the one before it by hash.`}
          actions={<ChainBadge result={chain} />}
        />
        <ol className="divide-y divide-slate-100">
          {subscriber.events.map((event) => (
            <li key={event.id} className="px-5 py-3">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <p className="text-sm font-medium text-slate-900">
                  <span className="mr-2 font-mono text-xs text-slate-500">#{event.seq}</span>
                  {event.description.title}
                </p>
                <Timestamp value={event.createdAt} />
              </div>
              <details className="mt-1 text-xs text-slate-700">
                <summary className="cursor-pointer select-none text-slate-600">Details</summary>
                <dl className="mt-2 grid grid-cols-[10rem_1fr] gap-x-3 gap-y-1">
                  <Detail label="Type">{event.type}</Detail>
                  <Detail label="Actor">
                    {event.actorType.toLowerCase()}
                    {event.actorName ? ` · ${event.actorName}` : ""}
                  </Detail>
                  {event.ip ? <Detail label="IP">{event.ip}</Detail> : null}
                  {event.userAgent ? <Detail label="User agent">{event.userAgent}</Detail> : null}
                  {event.description.details.map(([label, value]) => (
                    <Detail key={label} label={label}>
                      {value}
                    </Detail>
                  ))}
                  <Detail label="Hash">{event.hash}</Detail>
                </dl>
              </details>
            </li>
          ))}
        </ol>
      </Card>

      <Card className="mt-6">
        <CardHeader title="Messages" />
        <DataTable
          caption="Messages"
          columns={[
            { label: "When" },
            { label: "Direction" },
            { label: "Text" },
            { label: "Status" },
          ]}
        >
          {subscriber.messages.map((message) => (
            <tr key={message.id} className="align-top">
              <td className="px-4 py-2 whitespace-nowrap">
                <Timestamp value={message.createdAt} withLocal={false} />
              </td>
              <td className="px-4 py-2">
                {message.direction === "INBOUND" ? "← from phone" : `→ ${message.kind}`}
              </td>
              <td className="max-w-md px-4 py-2 whitespace-pre-line">{message.body}</td>
              <td className="px-4 py-2">
                <MessageStatusBadge status={message.status} />
                {message.errorCode ? (
                  <div className="mt-1 text-xs text-red-700">error {message.errorCode}</div>
                ) : null}
                {message.sid ? (
                  <div className="mt-1 font-mono text-[11px] text-slate-500">{message.sid}</div>
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
      </Card>
      {!subscriber.deletedAt &&
      (can(role, "subscribers:write") || can(role, "subscribers:delete")) ? (
        <Card className="mt-6">
          <CardHeader
            title="Staff actions"
            description="Each is recorded in the timeline with your name, IP and browser."
          />
          <CardBody className="grid gap-6 md:grid-cols-2">
            {can(role, "subscribers:write") ? (
              <EditSubscriberForm
                action={updateSubscriberAction.bind(null, subscriber.id)}
                locale={subscriber.locale}
              />
            ) : null}
            {can(role, "subscribers:delete") ? (
              <DeleteSubscriberForm action={deleteSubscriberAction.bind(null, subscriber.id)} />
            ) : null}
          </CardBody>
        </Card>
      ) : null}
    </>
  );
}

const GRANTED_BY: Record<string, string> = {
  form: "on the signup form",
  staff: "by staff, with consent evidence from elsewhere",
  import: "by a CSV import, with consent evidence from elsewhere",
  enrollment: "on the verification screen",
  api: "by the business's app (API)",
};

/** How this subscriber's marketing consent came about and where it stands, as it really is. */
function marketingSummary(subscriber: SubscriberDetail): string {
  const consent = subscriber.marketing;
  if (!consent?.grantedAt) return "Never given.";
  const granted = `Given ${GRANTED_BY[consent.grantMethod ?? ""] ?? `by ${consent.grantMethod}`}`;
  if (consent.revokedAt) return `${granted}; withdrawn since.`;
  if (!consent.confirmedAt) return `${granted}; not confirmed yet (no YES reply or code so far).`;
  const confirmation = subscriber.events.findLast(
    (event) => event.parsed.type === "marketing.confirmed",
  )?.parsed;
  const how =
    confirmation?.type === "marketing.confirmed"
      ? confirmation.data.reply
        ? "confirmed by the YES reply"
        : "confirmed by a code"
      : "confirmed by that evidence";
  return `${granted}, ${how}.`;
}

function ConsentCard({
  title,
  description,
  consent,
  rows,
}: {
  title: string;
  description: string;
  consent: Consent | null;
  rows: [string, Date | null | undefined, string | null | undefined][];
}) {
  const state = !consent?.grantedAt
    ? "Never given"
    : consent.revokedAt
      ? "Withdrawn"
      : consent.confirmedAt || consent.purpose === "VERIFICATION"
        ? "Active"
        : "Awaiting confirmation";
  return (
    <Card>
      <CardHeader
        title={title}
        description={description}
        actions={<span className="text-sm font-medium text-slate-800">{state}</span>}
      />
      <CardBody>
        <dl className="space-y-1 text-sm">
          {rows.map(([label, at, method]) => (
            <div key={label} className="grid grid-cols-[6rem_1fr] gap-2">
              <dt className="text-slate-600">{label}</dt>
              <dd>
                {at ? <Timestamp value={at} /> : <span className="text-slate-400">—</span>}
                {at && method ? (
                  <span className="ml-2 text-xs text-slate-600">by {method.replace("_", " ")}</span>
                ) : null}
              </dd>
            </div>
          ))}
        </dl>
      </CardBody>
    </Card>
  );
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="break-all font-mono">{children}</dd>
    </>
  );
}
