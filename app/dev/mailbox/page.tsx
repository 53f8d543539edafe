import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { AutoRefresh } from "@/components/dev-phone/auto-refresh";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Timestamp } from "@/components/ui/timestamp";
import { getEnv } from "@/lib/env";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import { devMailboxOpenFor, listDevMail } from "@/lib/mail/dev-mailbox";

export const metadata: Metadata = { title: "Dev mailbox" };
export const dynamic = "force-dynamic";

/** Plain text with this app's own links made clickable (and nothing else). */
function withLinks(text: string, base: string) {
  const pattern = new RegExp(`(${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/\\S*)`, "g");
  return text.split(pattern).map((part, index) =>
    index % 2 === 1 ? (
      <a key={index} href={part} className="break-all font-medium text-brand-700 underline">
        {part}
      </a>
    ) : (
      part
    ),
  );
}

export default async function DevMailboxPage() {
  if (getEnv().mailProvider !== "dev") notFound();
  const { ip } = requestContextFromHeaders(await headers());
  const open = devMailboxOpenFor(ip);
  const mails = open ? await listDevMail() : [];
  const base = getEnv().publicBaseUrl;
  return (
    <main className="mx-auto max-w-3xl px-4 py-8">
      {open ? <AutoRefresh /> : null}
      <h1 className="text-2xl font-semibold text-slate-900">Dev mailbox</h1>
      <p className="mt-1 text-sm text-slate-600">
        MAIL_PROVIDER=dev: mail optline sends (sign-up links, password resets, invitations) stays
        here instead of leaving the machine. Newest first, kept 7 days. Set SMTP_URL to send real
        mail.
      </p>
      {!open ? (
        <p
          role="alert"
          className="mt-6 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
        >
          The dev mailbox opens only in a browser on the machine optline runs on (it holds every
          account&apos;s sign-in links). Open it there, at {base}/dev/mailbox.
        </p>
      ) : mails.length === 0 ? (
        <div className="mt-6">
          <EmptyState title="No mail yet">
            Sign up or invite someone and the mail shows up here.
          </EmptyState>
        </div>
      ) : (
        <ol className="mt-6 space-y-4" aria-label="Mail">
          {mails.map((mail) => (
            <li key={mail.id} data-testid="dev-mail">
              <Card>
                <CardHeader title={mail.subject} description={`To ${mail.to}`} />
                <CardBody>
                  <p className="text-xs text-slate-500">
                    <Timestamp value={mail.createdAt} withLocal={false} />
                  </p>
                  <p className="mt-2 whitespace-pre-line text-sm text-slate-800">
                    {withLinks(mail.text, base)}
                  </p>
                </CardBody>
              </Card>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}
