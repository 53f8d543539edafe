import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/dev-phone/auto-refresh";
import { ReplyForm } from "@/components/dev-phone/reply-form";
import { ActionForm, SubmitButton, TextField } from "@/components/ui/action-form";
import { MessageStatusBadge } from "@/components/ui/badge";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Timestamp } from "@/components/ui/timestamp";
import { requireMembership } from "@/lib/auth/require-membership";
import {
  getDevConversation,
  listDevConversations,
  organizationDevNumber,
} from "@/lib/dev-phone/dev-phone";
import { getEnv } from "@/lib/env";
import { formatPhone } from "@/lib/phone/normalize-phone";
import { sendDevReplyAction, startDevConversationAction } from "./actions";

export const metadata: Metadata = { title: "Dev phone" };

export default async function DevPhonePage({
  searchParams,
}: {
  searchParams: Promise<{ phone?: string }>;
}) {
  if (getEnv().smsProvider !== "dev") notFound();
  const { organizationId } = await requireMembership("dev_phone:use");
  const conversations = await listDevConversations({ organizationId });
  // Only a number can be selected: anything else in the URL (hand-edited) opens the latest.
  const requested = (await searchParams).phone;
  const selected =
    (requested && /^\+[1-9]\d{5,15}$/.test(requested) ? requested : null) ??
    conversations[0]?.phone ??
    null;
  const messages = selected ? await getDevConversation({ organizationId, phone: selected }) : [];
  const devNumber = await organizationDevNumber(organizationId);

  return (
    <>
      <AutoRefresh />
      <PageHeader
        title="Dev phone"
        description={`No SMS leaves this machine (SMS_PROVIDER=dev). Texts optline sends appear here; replies are handled exactly as a text to your organization's own dev number: ${devNumber}.`}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6">
          <Card>
            <CardHeader title="Phones" />
            {conversations.length === 0 ? (
              <CardBody>
                <EmptyState title="No texts yet">
                  Sign up on one of your forms and the confirmation text shows up here.
                </EmptyState>
              </CardBody>
            ) : (
              <ul className="divide-y divide-slate-100">
                {conversations.map((conversation) => (
                  <li key={conversation.phone}>
                    <Link
                      href={`?phone=${encodeURIComponent(conversation.phone)}`}
                      aria-current={conversation.phone === selected ? "true" : undefined}
                      className={cx(
                        "block px-5 py-3 hover:bg-slate-50",
                        conversation.phone === selected && "bg-brand-50",
                      )}
                    >
                      <p className="text-sm font-medium whitespace-nowrap text-slate-900">
                        {formatPhone(conversation.phone)}
                      </p>
                      <p className="truncate text-xs text-slate-600">{conversation.lastBody}</p>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Card>
          <Card>
            <CardHeader title="Text from another number" />
            <CardBody>
              <ActionForm action={startDevConversationAction} className="space-y-3">
                <TextField
                  name="phone"
                  label="From"
                  placeholder="+1 201 555 0123"
                  hint="E.164, or a US number."
                />
                <TextField name="body" label="Message" placeholder="STOP" />
                <SubmitButton pendingLabel="Sending…">Send text</SubmitButton>
              </ActionForm>
            </CardBody>
          </Card>
        </div>
        <Card className="lg:col-span-2">
          <CardHeader title={selected ? formatPhone(selected) : "No conversation selected"} />
          <CardBody>
            {selected ? (
              <>
                <ol className="space-y-3" aria-label="Conversation" data-testid="conversation">
                  {messages.map((message) => {
                    const fromPhone = message.direction === "INBOUND";
                    return (
                      <li
                        key={message.id}
                        className={cx("flex flex-col", fromPhone ? "items-end" : "items-start")}
                      >
                        <p
                          className={cx(
                            "max-w-[85%] whitespace-pre-line rounded-2xl px-3 py-2 text-sm",
                            fromPhone
                              ? "rounded-br-sm bg-brand-600 text-white"
                              : "rounded-bl-sm bg-slate-100 text-slate-900",
                          )}
                        >
                          {message.body}
                        </p>
                        <span className="mt-1 flex items-center gap-2 text-[11px] text-slate-500">
                          <Timestamp value={message.createdAt} withLocal={false} />
                          {fromPhone ? null : <MessageStatusBadge status={message.status} />}
                        </span>
                      </li>
                    );
                  })}
                </ol>
                <div className="mt-6 border-t border-slate-200 pt-4">
                  <ReplyForm phone={selected} action={sendDevReplyAction} />
                </div>
              </>
            ) : (
              <p className="text-sm text-slate-600">Pick a phone on the left.</p>
            )}
          </CardBody>
        </Card>
      </div>
    </>
  );
}
