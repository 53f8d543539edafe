import type { Metadata } from "next";
import { ActionForm, SelectField, SubmitButton, TextField } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requireMembership } from "@/lib/auth/require-membership";
import { listAudiences } from "@/lib/audiences/list-audiences";
import { inboundWebhookUrl } from "@/lib/senders/check-sender-connection";
import { listSenders, type PublicSender } from "@/lib/senders/manage-senders";
import { DEFAULT_MESSAGES_PER_SECOND, senderRate } from "@/lib/senders/send-rate";
import { getSenderQueues } from "@/lib/senders/sender-queue";
import {
  checkSenderConnectionAction,
  createSenderAction,
  deleteSenderAction,
  setAudienceSenderAction,
  setSenderWebhookAction,
  updateSenderAction,
} from "./actions";

export const metadata: Metadata = { title: "Senders" };

const NUMBER_TYPES = [
  { value: "LONG_CODE", label: `Long code (${DEFAULT_MESSAGES_PER_SECOND.LONG_CODE}/s)` },
  { value: "TOLL_FREE", label: `Toll-free (${DEFAULT_MESSAGES_PER_SECOND.TOLL_FREE}/s)` },
  { value: "SHORT_CODE", label: `Short code (${DEFAULT_MESSAGES_PER_SECOND.SHORT_CODE}/s)` },
  { value: "MESSAGING_SERVICE", label: "Messaging service (its configured throughput)" },
];

function waitText(seconds: number | null): string {
  if (seconds === null) return "not paced";
  if (seconds < 60) return `about ${seconds} s`;
  return `about ${Math.ceil(seconds / 60)} min`;
}

/** The sender's fields; `sender` given when editing (secrets blank: kept unless typed). */
function SenderFields({ sender }: { sender?: PublicSender }) {
  const prefix = sender ? `sender-${sender.id}-` : "new-sender-";
  return (
    <div className="space-y-4">
      <TextField id={`${prefix}name`} name="name" label="Name" defaultValue={sender?.name} />
      <TextField
        id={`${prefix}accountSid`}
        name="accountSid"
        label="Account SID"
        placeholder="AC…"
        autoComplete="off"
        defaultValue={sender?.accountSid}
      />
      <TextField
        id={`${prefix}authToken`}
        name="authToken"
        type="password"
        label="Auth token"
        autoComplete="off"
        hint={
          sender
            ? `Saved, ending in ${sender.authTokenLast4}. Leave empty to keep it. Twilio signs webhooks with it.`
            : "Stored encrypted and never shown again. Twilio signs webhooks with it."
        }
      />
      <TextField
        id={`${prefix}apiKeySid`}
        name="apiKeySid"
        label="API key SID (optional)"
        placeholder="SK…"
        autoComplete="off"
        defaultValue={sender?.apiKeySid ?? ""}
        hint="To send with an API key instead of the auth token."
      />
      <TextField
        id={`${prefix}apiKeySecret`}
        name="apiKeySecret"
        type="password"
        label="API key secret"
        autoComplete="off"
        hint={sender?.hasApiKeySecret ? "Saved. Leave empty to keep it." : "Stored encrypted."}
      />
      <TextField
        id={`${prefix}messagingServiceSid`}
        name="messagingServiceSid"
        label="Messaging service SID (optional)"
        placeholder="MG…"
        autoComplete="off"
        defaultValue={sender?.messagingServiceSid ?? ""}
      />
      <TextField
        id={`${prefix}numbers`}
        name="numbers"
        label="Numbers"
        multiline
        defaultValue={sender?.numbers.join("\n")}
        hint="One per line, in E.164 (+12025550123) or a short code: texts to these numbers on this account come to this sender."
      />
      <SelectField
        id={`${prefix}numberType`}
        name="numberType"
        label="Number type"
        options={NUMBER_TYPES}
        defaultValue={sender?.numberType ?? "LONG_CODE"}
      />
      <TextField
        id={`${prefix}messagesPerSecond`}
        name="messagesPerSecond"
        label="Messages per second (optional)"
        type="number"
        defaultValue={sender?.messagesPerSecond?.toString() ?? ""}
        hint="Empty: the usual rate of the number type."
      />
    </div>
  );
}

export default async function SendersPage() {
  const { organizationId } = await requireMembership("senders:manage");
  const [senders, audiences, queues] = await Promise.all([
    listSenders({ organizationId }),
    listAudiences({ organizationId }),
    getSenderQueues({ organizationId }),
  ]);
  const queueOf = (senderId: string | null) => queues.find((q) => q.senderId === senderId);
  const senderOptions = [
    { value: "", label: "Installation default" },
    ...senders.map((sender) => ({ value: sender.id, label: sender.name })),
  ];
  const defaultQueue = queueOf(null);
  return (
    <>
      <PageHeader
        title="Senders"
        description={`Your own Twilio account and numbers. An audience's texts go out from its sender, and STOP, YES and HELP sent to that sender's numbers concern only the audiences on it. Audiences without one use the installation's default sender. Point each number's inbound webhook at ${inboundWebhookUrl()}.`}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          {senders.length === 0 ? (
            <Card>
              <CardBody>
                <EmptyState title="No senders yet">
                  Your audiences use the installation&apos;s default sender.
                </EmptyState>
              </CardBody>
            </Card>
          ) : null}
          {senders.map((sender) => {
            const queue = queueOf(sender.id);
            return (
              <Card key={sender.id}>
                <CardHeader title={sender.name} />
                <CardBody className="space-y-4 text-sm">
                  <p className="text-slate-700">
                    <span className="font-mono">{sender.accountSid}</span> ·{" "}
                    {sender.numbers.join(", ")} · {senderRate(sender)} message
                    {senderRate(sender) === 1 ? "" : "s"}/s
                  </p>
                  <p>
                    <Badge tone={queue && queue.queued > 0 ? "amber" : "green"}>
                      {queue?.queued ?? 0} queued
                    </Badge>{" "}
                    Expected wait: {waitText(queue?.expectedWaitSeconds ?? 0)}
                  </p>
                  <div className="flex flex-wrap items-start gap-3">
                    <ActionForm action={checkSenderConnectionAction.bind(null, sender.id)}>
                      <SubmitButton variant="secondary" pendingLabel="Checking…">
                        Check connection
                      </SubmitButton>
                    </ActionForm>
                    <ActionForm action={setSenderWebhookAction.bind(null, sender.id)}>
                      <SubmitButton variant="secondary" pendingLabel="Setting…">
                        Set webhook to optline
                      </SubmitButton>
                    </ActionForm>
                    <ConfirmAction
                      action={deleteSenderAction.bind(null, sender.id)}
                      label="Delete"
                      question={`Delete the sender “${sender.name}”?`}
                      confirmLabel="Yes, delete"
                      pendingLabel="Deleting…"
                    />
                  </div>
                  <details>
                    <summary className="cursor-pointer font-medium text-brand-700">
                      Edit {sender.name}
                    </summary>
                    <ActionForm
                      action={updateSenderAction.bind(null, sender.id)}
                      className="mt-4 space-y-4"
                    >
                      <SenderFields sender={sender} />
                      <SubmitButton pendingLabel="Saving…">Save sender</SubmitButton>
                    </ActionForm>
                  </details>
                </CardBody>
              </Card>
            );
          })}
          <Card>
            <CardHeader title="Audiences" />
            <CardBody className="space-y-4 text-sm">
              {defaultQueue ? (
                <p>
                  Installation default: {defaultQueue.queued} queued, expected wait{" "}
                  {waitText(defaultQueue.expectedWaitSeconds)}.
                </p>
              ) : null}
              {audiences.length === 0 ? <EmptyState title="No audiences yet" /> : null}
              {audiences.map((audience) => (
                <ActionForm
                  key={audience.id}
                  action={setAudienceSenderAction.bind(null, audience.id)}
                  className="flex flex-wrap items-end gap-3"
                >
                  <SelectField
                    id={`audience-${audience.id}-sender`}
                    name="senderId"
                    label={`Sender of “${audience.name}”`}
                    options={senderOptions}
                    defaultValue={audience.senderId ?? ""}
                  />
                  <SubmitButton variant="secondary" pendingLabel="Saving…">
                    Save
                  </SubmitButton>
                </ActionForm>
              ))}
            </CardBody>
          </Card>
        </div>
        <Card>
          <CardHeader title="New sender" />
          <CardBody>
            <ActionForm action={createSenderAction} className="space-y-4" resetOnSuccess>
              <SenderFields />
              <SubmitButton pendingLabel="Adding…">Add sender</SubmitButton>
            </ActionForm>
          </CardBody>
        </Card>
      </div>
    </>
  );
}
