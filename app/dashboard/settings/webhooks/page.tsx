import type { Metadata } from "next";
import Link from "next/link";
import { CreateWebhookEndpointForm } from "@/components/settings/create-webhook-endpoint-form";
import { RollWebhookSecretButton } from "@/components/settings/roll-webhook-secret-button";
import { ActionForm, SubmitButton } from "@/components/ui/action-form";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Timestamp } from "@/components/ui/timestamp";
import { requireMembership } from "@/lib/auth/require-membership";
import { listWebhookEndpoints } from "@/lib/webhooks/manage-webhook-endpoints";
import { WEBHOOK_EVENT_TYPES } from "@/lib/webhooks/webhook-events";
import {
  createWebhookEndpointAction,
  deleteWebhookEndpointAction,
  rollWebhookSecretAction,
  sendTestWebhookAction,
  setWebhookEnabledAction,
} from "./actions";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const { organizationId } = await requireMembership("webhooks:manage");
  const endpoints = await listWebhookEndpoints({ organizationId });
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="optline posts each subscriber event to your endpoints (a sending tool, a CRM), signed per the Standard Webhooks spec. Events carry the subscriber's phone number; failed posts are retried for 3 days."
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          {endpoints.length === 0 ? (
            <Card>
              <CardBody>
                <EmptyState title="No webhook endpoints" />
              </CardBody>
            </Card>
          ) : null}
          {endpoints.map((endpoint) => (
            <Card key={endpoint.id}>
              <CardHeader
                title={<span className="break-all font-mono text-sm">{endpoint.url}</span>}
              />
              <CardBody className="space-y-3 text-sm">
                {endpoint.disabledReason === "failing" && endpoint.disabledAt ? (
                  <Alert tone="warning">
                    Turned off on <Timestamp value={endpoint.disabledAt} withLocal={false} /> after
                    failing every attempt for 3 days ({endpoint.consecutiveFailures} in a row).
                    Events since then were not queued. Check the delivery log, fix the receiver,
                    send a test event and turn it on again.
                  </Alert>
                ) : null}
                <p>
                  {endpoint.enabled ? (
                    <Badge tone="green">on</Badge>
                  ) : (
                    <Badge tone="red">off</Badge>
                  )}{" "}
                  {endpoint.description ? (
                    <span className="text-slate-700">{endpoint.description}</span>
                  ) : null}
                </p>
                <p className="font-mono text-xs text-slate-600">{endpoint.eventTypes.join(", ")}</p>
                <p className="text-xs text-slate-600">
                  Added <Timestamp value={endpoint.createdAt} withLocal={false} />
                  {endpoint.enabled && endpoint.consecutiveFailures > 0
                    ? ` · ${endpoint.consecutiveFailures} failed attempts in a row`
                    : null}
                </p>
                <div className="flex flex-wrap items-start gap-3">
                  <Link
                    href={`/dashboard/settings/webhooks/${endpoint.id}`}
                    className="self-center text-sm font-medium text-brand-700 underline"
                  >
                    Delivery log
                  </Link>
                  <ActionForm action={sendTestWebhookAction.bind(null, endpoint.id)}>
                    <SubmitButton variant="secondary" pendingLabel="Sending…">
                      Send test event
                    </SubmitButton>
                  </ActionForm>
                  <ActionForm
                    action={setWebhookEnabledAction.bind(null, endpoint.id, !endpoint.enabled)}
                    showSuccess={false}
                  >
                    <SubmitButton variant="secondary" pendingLabel="Saving…">
                      {endpoint.enabled ? "Turn off" : "Turn on"}
                    </SubmitButton>
                  </ActionForm>
                  <RollWebhookSecretButton
                    action={rollWebhookSecretAction.bind(null, endpoint.id)}
                  />
                  <ConfirmAction
                    action={deleteWebhookEndpointAction.bind(null, endpoint.id)}
                    label="Delete"
                    question={`Delete ${endpoint.url} and its delivery log?`}
                    confirmLabel="Yes, delete"
                    pendingLabel="Deleting…"
                  />
                </div>
              </CardBody>
            </Card>
          ))}
        </div>
        <Card>
          <CardHeader title="New endpoint" />
          <CardBody>
            <CreateWebhookEndpointForm
              action={createWebhookEndpointAction}
              eventTypes={WEBHOOK_EVENT_TYPES}
            />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
