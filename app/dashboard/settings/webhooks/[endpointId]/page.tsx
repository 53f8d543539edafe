import type { Metadata } from "next";
import { ActionForm, SubmitButton } from "@/components/ui/action-form";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card, CardBody } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Timestamp } from "@/components/ui/timestamp";
import { requireMembership } from "@/lib/auth/require-membership";
import { orNotFound } from "@/lib/http/or-not-found";
import { parseRecordId } from "@/lib/http/record-id";
import { getWebhookEndpoint } from "@/lib/webhooks/manage-webhook-endpoints";
import { listWebhookDeliveries } from "@/lib/webhooks/webhook-delivery-log";
import { redeliverWebhookAction } from "../actions";

export const metadata: Metadata = { title: "Webhook deliveries" };

const STATUS: Record<string, { label: string; tone: BadgeTone }> = {
  PENDING: { label: "retrying", tone: "amber" },
  SUCCEEDED: { label: "delivered", tone: "green" },
  FAILED: { label: "failed", tone: "red" },
};

export default async function WebhookDeliveriesPage({
  params,
}: {
  params: Promise<{ endpointId: string }>;
}) {
  const { organizationId } = await requireMembership("webhooks:manage");
  const endpointId = await orNotFound(
    params.then((p) => parseRecordId(p.endpointId, "Webhook endpoint")),
  );
  const endpoint = await orNotFound(getWebhookEndpoint({ organizationId, endpointId }));
  const deliveries = await listWebhookDeliveries({ organizationId, endpointId, limit: 100 });
  return (
    <>
      <PageHeader
        title="Delivery log"
        description={<span className="break-all font-mono">{endpoint.url}</span>}
        back={{ href: "/dashboard/settings/webhooks", label: "Webhooks" }}
      />
      <Card>
        {deliveries.length === 0 ? (
          <CardBody>
            <EmptyState title="Nothing sent to this endpoint yet" />
          </CardBody>
        ) : (
          <DataTable
            caption="The latest 100 deliveries to this endpoint, newest first"
            columns={[
              { label: "Event" },
              { label: "Queued" },
              { label: "Status" },
              { label: "Attempts" },
              { label: "Latest answer" },
              { label: "Actions", srOnly: true },
            ]}
          >
            {deliveries.map((delivery) => {
              const status = STATUS[delivery.status] ?? { label: delivery.status, tone: "gray" };
              return (
                <tr key={delivery.id} className="align-top">
                  <td className="px-4 py-2">
                    <code className="font-mono text-xs">{delivery.eventType}</code>
                    <p className="font-mono text-xs text-slate-600">{delivery.id}</p>
                  </td>
                  <td className="px-4 py-2 text-xs">
                    <Timestamp value={delivery.createdAt} withLocal={false} />
                  </td>
                  <td className="px-4 py-2">
                    <Badge tone={status.tone}>{status.label}</Badge>
                    {delivery.status === "PENDING" && delivery.attempts > 0 ? (
                      <p className="mt-1 text-xs text-slate-600">
                        next <Timestamp value={delivery.nextAttemptAt} withLocal={false} />
                      </p>
                    ) : null}
                  </td>
                  <td className="px-4 py-2 text-xs">
                    {delivery.attemptLog.length === 0 ? (
                      "none yet"
                    ) : (
                      <details>
                        <summary className="cursor-pointer">{delivery.attempts}</summary>
                        <ul className="mt-1 space-y-1">
                          {delivery.attemptLog.map((attempt) => (
                            <li key={attempt.attemptedAt.toISOString()}>
                              <Timestamp value={attempt.attemptedAt} withLocal={false} />:{" "}
                              {attempt.responseStatus ?? "no answer"}
                              {attempt.error ? ` (${attempt.error})` : ""}, {attempt.durationMs} ms
                              {attempt.responseBody ? (
                                <pre className="mt-0.5 max-w-xs whitespace-pre-wrap break-words rounded bg-slate-50 p-1 font-mono text-xs">
                                  {attempt.responseBody}
                                </pre>
                              ) : null}
                            </li>
                          ))}
                        </ul>
                      </details>
                    )}
                  </td>
                  <td className="px-4 py-2 text-xs" data-testid="delivery-response">
                    {delivery.lastResponseStatus !== null
                      ? `HTTP ${delivery.lastResponseStatus}`
                      : delivery.lastAttemptAt
                        ? "no answer"
                        : "—"}
                    {delivery.lastError ? (
                      <p className="max-w-xs break-words text-slate-600">{delivery.lastError}</p>
                    ) : null}
                  </td>
                  <td className="px-4 py-2">
                    <ActionForm action={redeliverWebhookAction.bind(null, delivery.id)}>
                      <SubmitButton variant="secondary" pendingLabel="Sending…">
                        Redeliver
                      </SubmitButton>
                    </ActionForm>
                  </td>
                </tr>
              );
            })}
          </DataTable>
        )}
      </Card>
    </>
  );
}
