import type { Metadata } from "next";
import type { ReactNode } from "react";
import { PrintButton } from "@/components/compliance/print-button";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { Timestamp } from "@/components/ui/timestamp";
import { requireMembership } from "@/lib/auth/require-membership";
import { getProof } from "@/lib/compliance/get-proof";
import { inboundChannelLabel } from "@/lib/consent-events/describe-event";
import {
  CHAIN_REASON_LABELS,
  consentStatusNow,
  describeChain,
  signupStatusThen,
  type ProofActor,
  type ProofChain,
  keywordLine,
  type ProofConsent,
  type ProofConsentTextCheck,
  type ProofFormVersion,
  type ProofInboundSms,
  type ProofMessage,
  type ProofNotedEvent,
} from "@/lib/compliance/proof-types";
import { orNotFound } from "@/lib/http/or-not-found";
import { formatPhone } from "@/lib/phone/normalize-phone";

export const metadata: Metadata = { title: "Proof of opt-in" };

export default async function ProofPage({ params }: { params: Promise<{ subscriberId: string }> }) {
  const { subscriberId } = await params;
  const { organizationId } = await requireMembership("evidence:read");
  const document = await orNotFound(getProof({ organizationId, subscriberId }));
  const proof = document.data;
  const base = `/compliance/subscribers/${proof.subject.subscriberId}`;

  return (
    <article className="print:text-[11px]">
      <PageHeader
        title="Proof of opt-in"
        back={{ href: `/dashboard/subscribers/${proof.subject.subscriberId}`, label: "Subscriber" }}
        description={
          <>
            {formatPhone(proof.subject.phone)} in “{proof.subject.audience.name}” ·{" "}
            {proof.organization.name}
          </>
        }
        actions={
          <div className="flex gap-2 print:hidden">
            {/* Plain links: these are files from route handlers, not pages. */}
            <a href={`${base}/proof.pdf`} download className={buttonClasses("primary")}>
              Download PDF
            </a>
            <a href={`${base}/proof.json`} download className={buttonClasses("secondary")}>
              JSON
            </a>
            <PrintButton />
          </div>
        }
      />

      <ChainBanner chain={proof.chain} />

      <Card className="mt-4 break-inside-avoid">
        <CardBody>
          <Rows>
            <Row label="Document id" mono>
              {document.documentId}
            </Row>
            <Row label="Generated">
              <Timestamp value={document.generatedAt} />
            </Row>
            <Row label="Content SHA-256" mono>
              <span data-testid="content-sha256">{document.contentSha256}</span>
            </Row>
            <Row label="Evidence checkpoint" mono>
              <span data-testid="proof-checkpoint">
                {proof.checkpoint
                  ? `#${proof.checkpoint.seq} ${proof.checkpoint.root}`
                  : "none published yet"}
              </span>
            </Row>
          </Rows>
          <p className="mt-2 text-xs text-slate-600">
            SHA-256 of the canonical JSON (keys sorted, no whitespace) of <code>data</code> in the
            JSON download and in{" "}
            <code>GET /api/v1/subscribers/{proof.subject.subscriberId}/proof</code>. The PDF prints
            the same value.
          </p>
          {proof.checkpoint ? (
            <p className="mt-1 text-xs text-slate-600">
              Checkpoint of <Timestamp value={proof.checkpoint.createdAt} />
              {proof.checkpoint.chain
                ? `, which recorded this chain up to event #${proof.checkpoint.chain.seq}`
                : ""}
              . Keep its root: <code>GET /api/v1/evidence/verify?checkpoint=&lt;root&gt;</code>{" "}
              later shows whether any evidence it covered is gone.
            </p>
          ) : null}
        </CardBody>
      </Card>

      <Section title="Who" description="The person and the seller they agreed to hear from.">
        <Rows>
          <Row label="Phone (E.164)" mono>
            {proof.subject.phone}
          </Row>
          <Row label="Country">{proof.subject.country}</Row>
          <Row label="Locale">{proof.subject.locale}</Row>
          <Row label="Audience">{proof.subject.audience.name}</Row>
          <Row label="Seller">{proof.organization.name}</Row>
          <Row label="List status">{proof.subject.status.replace(/_/g, " ")}</Row>
          <Row label="First seen">
            <Timestamp value={proof.subject.createdAt} />
          </Row>
          {proof.subject.erasedAt ? (
            <Row label="Personal data erased">
              <Timestamp value={proof.subject.erasedAt} />
            </Row>
          ) : proof.subject.deletedAt ? (
            <Row label="Deleted by staff">
              <Timestamp value={proof.subject.deletedAt} />
            </Row>
          ) : null}
        </Rows>
      </Section>

      <div className="mt-6 grid gap-6 md:grid-cols-2 print:grid-cols-2">
        <ConsentCard title="Marketing texts" consent={proof.consents.marketing} confirmable />
        <ConsentCard title="Verification codes (2FA)" consent={proof.consents.verification} />
      </div>

      <Section
        title="What they were shown, when and from where"
        description="Each signup form submission, with the published form version it was made on. Published versions cannot be changed."
      >
        {proof.signups.length === 0 ? <Empty>No signup form submission on record.</Empty> : null}
        {proof.signups.map((signup, index) => (
          <div
            key={signup.eventId}
            className="border-t border-slate-100 pt-4 first:border-t-0 first:pt-0"
            data-testid="signup"
          >
            <h3 className="mb-2 text-sm font-semibold text-slate-900">
              Signup {index + 1} of {proof.signups.length} · event #{signup.seq}
            </h3>
            <Rows>
              <Row label="Submitted">
                <Timestamp value={signup.submittedAt} />
              </Row>
              <Row label="Status then">{signupStatusThen(signup)}</Row>
              <Row label="Marketing consent now">{consentStatusNow(proof.consents.marketing)}</Row>
              <Row label="IP address" mono>
                {signup.ip}
              </Row>
              <Row label="User agent">{signup.userAgent}</Row>
              <Row label="Page URL">{signup.pageUrl}</Row>
              <Row label="Referrer">{signup.referrer}</Row>
              <Row label="Embedded (iframe)">{signup.embedded ? "yes" : "no"}</Row>
              <Row label="Anti-fraud">
                {signup.antiFraud.result}
                {signup.antiFraud.signals.length ? `: ${signup.antiFraud.signals.join(", ")}` : ""}
              </Row>
              <Row label="Checkbox">
                {signup.checkboxInitiallyChecked ? "started checked" : "started unchecked"},{" "}
                {signup.checkboxChecked ? "ticked by the person" : "not ticked"}
              </Row>
              <Row label="Button label">{signup.buttonLabel}</Row>
            </Rows>
            <FormShown form={signup.form} />
            <ConsentTextCheck check={signup.consentText} />
          </div>
        ))}
        {proof.marketingGrants.map((grant) => (
          <div key={grant.eventId} className="border-t border-slate-100 pt-4">
            <h3 className="mb-2 text-sm font-semibold text-slate-900">
              Marketing consent given outside the signup form · event #{grant.seq}
            </h3>
            <Rows>
              <Row label="When">
                <Timestamp value={grant.at} />
              </Row>
              <Row label="Method">{grant.method}</Row>
              <Row label="By">{actorLine(grant.actor)}</Row>
              <Row label="Page URL">{grant.pageUrl}</Row>
              {grant.keyword ? (
                <Row label="Keyword">
                  {keywordLine(grant.keyword)} (no checkbox: consent by text message)
                </Row>
              ) : (
                <Row label="Checkbox">
                  {grant.checkboxInitiallyChecked ? "started checked" : "started unchecked"}
                </Row>
              )}
            </Rows>
            {grant.form ? <FormShown form={grant.form} /> : null}
            {grant.consentText ? <ConsentTextCheck check={grant.consentText} /> : null}
          </div>
        ))}
      </Section>

      <Section title="Confirmation SMS" description="The text asking the person to reply YES.">
        {proof.confirmationMessages.length === 0 ? (
          <Empty>No confirmation SMS on record.</Empty>
        ) : null}
        {proof.confirmationMessages.map((message) => (
          <div
            key={message.id}
            className="border-t border-slate-100 pt-4 first:border-t-0 first:pt-0"
            data-testid="confirmation-sms"
          >
            <MessageRows message={message} />
          </div>
        ))}
      </Section>

      <Section
        title="Confirming reply"
        description="The person's own answer to the confirmation SMS."
      >
        {proof.confirmations.length === 0 ? <Empty>The person has not confirmed.</Empty> : null}
        {proof.confirmations.map((confirmation) => (
          <div
            key={confirmation.eventId}
            className="border-t border-slate-100 pt-4 first:border-t-0 first:pt-0"
            data-testid="confirming-reply"
          >
            <Rows>
              <Row label="Confirmed">
                <Timestamp value={confirmation.confirmedAt} />
              </Row>
              <Row label="Method">
                {confirmation.method === "sms_reply" ? "SMS reply" : "code typed into the form"}
              </Row>
              <Row label="Answering SMS SID" mono>
                {confirmation.confirmationSid}
              </Row>
            </Rows>
            {confirmation.reply ? <InboundRows sms={confirmation.reply} /> : null}
          </div>
        ))}
        {proof.resubscriptions.map((again) => (
          <div key={again.eventId} className="border-t border-slate-100 pt-4">
            <h3 className="mb-2 text-sm font-semibold text-slate-900">
              Subscribed again by texting {again.keyword} · event #{again.seq}
            </h3>
            <InboundRows sms={again.inbound} />
            <Rows>
              <Row label="Reply SID" mono>
                {again.replyMessage?.sid}
              </Row>
            </Rows>
          </div>
        ))}
      </Section>

      <Section title="Withdrawals" description="Every opt-out, however it was made.">
        {proof.withdrawals.length === 0 ? <Empty>No withdrawal on record.</Empty> : null}
        {proof.withdrawals.map((withdrawal) => (
          <div
            key={withdrawal.eventId}
            className="border-t border-slate-100 pt-4 first:border-t-0 first:pt-0"
            data-testid="withdrawal"
          >
            <h3 className="mb-2 text-sm font-semibold text-slate-900">
              {withdrawal.purpose === "marketing" ? "Marketing" : "Verification (2FA)"} consent
              withdrawn · event #{withdrawal.seq}
            </h3>
            <Rows>
              <Row label="When">
                <Timestamp value={withdrawal.at} />
              </Row>
              <Row label="Method">
                {withdrawal.method.replace(/_/g, " ")}
                {withdrawal.keyword ? ` (${withdrawal.keyword})` : ""}
              </Row>
              <Row label="Raw text" pre>
                {withdrawal.rawText}
              </Row>
              {withdrawal.reason ? <Row label="Reason">{withdrawal.reason}</Row> : null}
              <Row label="Inbound SID" mono>
                {withdrawal.inbound?.sid}
              </Row>
              {withdrawal.inbound ? (
                <>
                  <Row label="Channel">{inboundChannelLabel(withdrawal.inbound)}</Row>
                  <Row label="Signature verified">
                    {withdrawal.inbound.signatureVerified ? "yes" : "no"}
                  </Row>
                </>
              ) : null}
              <Row label="Processed">
                <Timestamp value={withdrawal.processedAt} />
              </Row>
              {withdrawal.purpose === "marketing" ? (
                <>
                  <Row label="Opt-out confirmation" pre>
                    {withdrawal.confirmationMessage?.body}
                  </Row>
                  <Row label="Its SID" mono>
                    {withdrawal.confirmationMessage?.sid ??
                      (withdrawal.confirmationMessage ? "not reported yet" : null)}
                  </Row>
                  <Row label="Its status">
                    {withdrawal.confirmationMessage?.status.toLowerCase()}
                  </Row>
                </>
              ) : null}
            </Rows>
          </div>
        ))}
      </Section>

      {proof.staffEvents.length > 0 ? (
        <Section title="Staff and import actions">
          <NotedEvents events={proof.staffEvents} withActor />
        </Section>
      ) : null}

      {proof.verificationEvents.length > 0 ? (
        <Section title="Verification (2FA)">
          <NotedEvents events={proof.verificationEvents} />
        </Section>
      ) : null}

      <Card className="mt-6">
        <CardHeader
          title={`Evidence chain · ${proof.events.length} events`}
          description="Oldest first. Each hash covers the event and the hash before it."
        />
        <DataTable
          caption="Evidence chain events"
          columns={[
            { label: "#" },
            { label: "Event" },
            { label: "Actor" },
            { label: "Time" },
            { label: "Hash" },
          ]}
        >
          {proof.events.map((event) => {
            const broken = proof.chain.firstBroken?.eventId === event.id;
            return (
              <tr
                key={event.id}
                className={broken ? "bg-red-50 align-top" : "align-top break-inside-avoid"}
              >
                <td className="px-4 py-2 font-mono text-xs">{event.seq}</td>
                <td className="px-4 py-2">
                  <div className="font-mono text-xs text-slate-500">{event.type}</div>
                  <div>{event.sentence}</div>
                  {broken ? (
                    <div className="mt-1 text-xs font-semibold text-red-800">
                      First broken link: {proof.chain.firstBroken?.reason}
                    </div>
                  ) : null}
                </td>
                <td className="px-4 py-2 text-xs">{actorLine(event.actor)}</td>
                <td className="min-w-44 px-4 py-2">
                  <Timestamp value={event.createdAt} />
                </td>
                <td className="max-w-56 px-4 py-2 font-mono text-[11px] break-all text-slate-600">
                  {event.hash}
                </td>
              </tr>
            );
          })}
        </DataTable>
      </Card>
    </article>
  );
}

function ChainBanner({ chain }: { chain: ProofChain }) {
  const broken = chain.firstBroken;
  return (
    <div
      role={chain.ok ? "status" : "alert"}
      data-testid="proof-chain"
      className={
        chain.ok
          ? "rounded-lg border border-emerald-300 bg-emerald-50 px-5 py-4 text-emerald-900"
          : "rounded-lg border border-red-300 bg-red-50 px-5 py-4 text-red-900"
      }
    >
      <p className="text-lg font-semibold">
        <span aria-hidden className="mr-2">
          {chain.ok ? "✓" : "✗"}
        </span>
        {chain.ok
          ? describeChain(chain)
          : `Chain broken at event #${broken?.seq ?? "?"}${broken?.type ? ` (${broken.type})` : ""}`}
      </p>
      {broken?.eventId && broken.createdAt ? (
        <p className="mt-1 text-sm">
          The first broken link is event <span className="font-mono">{broken.eventId}</span> of{" "}
          <Timestamp value={broken.createdAt} />: {CHAIN_REASON_LABELS[broken.reason]} (
          {broken.reason}). Events after it cannot be trusted either.
        </p>
      ) : broken ? (
        <p className="mt-1 text-sm">
          Event #{broken.seq} is missing: {CHAIN_REASON_LABELS[broken.reason]} ({broken.reason}).
        </p>
      ) : (
        <p className="mt-1 text-sm">
          Every hash of this subscriber&apos;s chain was recomputed just now and every link checked.
        </p>
      )}
    </div>
  );
}

function Section({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <Card className="mt-6">
      <CardHeader title={title} description={description} />
      <CardBody className="space-y-4">{children}</CardBody>
    </Card>
  );
}

function Rows({ children }: { children: ReactNode }) {
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-1.5 text-sm sm:grid-cols-[12rem_1fr] print:grid-cols-[12rem_1fr]">
      {children}
    </dl>
  );
}

function Row({
  label,
  children,
  mono,
  pre,
}: {
  label: string;
  children: ReactNode;
  mono?: boolean;
  pre?: boolean;
}) {
  const empty = children === null || children === undefined || children === "";
  return (
    <>
      <dt className="text-slate-600">{label}</dt>
      <dd
        className={[
          "min-w-0 break-words text-slate-900",
          mono ? "font-mono text-xs break-all" : "",
          pre ? "whitespace-pre-wrap" : "",
        ].join(" ")}
      >
        {empty ? <span className="text-slate-400">—</span> : children}
      </dd>
    </>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return <p className="text-sm text-slate-600">{children}</p>;
}

function FormShown({ form }: { form: ProofFormVersion | null }) {
  if (!form) {
    return (
      <p className="mt-3 text-sm text-red-800">
        The form version named in this event is not in this organization.
      </p>
    );
  }
  return (
    <div className="mt-4">
      <h4 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-600">
        Shown on the form
      </h4>
      <Rows>
        <Row label="Form">
          {form.formName ?? form.formSlug} ·{" "}
          <span className="font-mono text-xs">{form.formId}</span>
        </Row>
        <Row label="Version">
          {form.version} · <span className="font-mono text-xs">{form.versionId}</span>
        </Row>
        <Row label="Published">
          {form.publishedAt ? <Timestamp value={form.publishedAt} /> : null}
        </Row>
        <Row label="Program name">{form.programName}</Row>
        <Row label="Consent text">
          <blockquote
            className="rounded-md border-l-4 border-brand-600 bg-slate-50 px-3 py-2 whitespace-pre-wrap"
            data-testid="consent-text"
          >
            {form.consentText}
          </blockquote>
        </Row>
        <Row label="Frequency">{form.frequencyText}</Row>
        <Row label="Rates">{form.ratesText}</Row>
        <Row label="HELP reply" pre>
          {form.helpText}
        </Row>
        <Row label="Confirmation template" pre>
          {form.confirmationMessageTemplate}
        </Row>
        <Row label="Terms">
          {form.termsUrl ? (
            <>
              {form.termsUrl}
              {form.termsVersion ? ` (version ${form.termsVersion})` : ""}
            </>
          ) : (
            "none shown"
          )}
        </Row>
        <Row label="Privacy policy">
          {form.privacyUrl ? (
            <>
              {form.privacyUrl}
              {form.privacyVersion ? ` (version ${form.privacyVersion})` : ""}
            </>
          ) : (
            "none shown"
          )}
        </Row>
      </Rows>
    </div>
  );
}

function ConsentTextCheck({ check }: { check: ProofConsentTextCheck }) {
  return (
    <div className="mt-3" data-testid="consent-text-check">
      <Rows>
        <Row label="Text check">
          {check.matches ? (
            <Badge tone="green">SHA-256 matches the signup record</Badge>
          ) : (
            <Badge tone="red">SHA-256 does not match the signup record</Badge>
          )}
        </Row>
        <Row label="SHA-256 at signup" mono>
          {check.recordedSha256}
        </Row>
        <Row label="SHA-256 of stored text" mono>
          {check.computedSha256}
        </Row>
      </Rows>
    </div>
  );
}

function MessageRows({ message }: { message: ProofMessage }) {
  return (
    <Rows>
      <Row label="Body as sent" pre>
        {message.body}
      </Row>
      <Row label="SID" mono>
        {message.sid}
      </Row>
      <Row label="Sender">{message.from}</Row>
      <Row label="Recipient">{message.to}</Row>
      <Row label="Queued">
        <Timestamp value={message.createdAt} />
      </Row>
      <Row label="Sent">{message.sentAt ? <Timestamp value={message.sentAt} /> : null}</Row>
      <Row label="Delivery status">{message.status.toLowerCase()}</Row>
      <Row label="Error code">{message.errorCode}</Row>
      {message.errorMessage ? <Row label="Error">{message.errorMessage}</Row> : null}
    </Rows>
  );
}

function InboundRows({ sms }: { sms: ProofInboundSms }) {
  return (
    <Rows>
      <Row label="Raw body" pre>
        <span className="rounded bg-slate-100 px-1 font-mono" data-testid="reply-body">
          {JSON.stringify(sms.body)}
        </span>
      </Row>
      <Row label="SID" mono>
        {sms.sid}
      </Row>
      <Row label="From">{sms.from}</Row>
      <Row label="To">{sms.to}</Row>
      <Row label="Received">
        <Timestamp value={sms.receivedAt} />
      </Row>
      <Row label="Channel">{inboundChannelLabel(sms)}</Row>
      <Row label="Signature verified">{sms.signatureVerified ? "yes" : "no"}</Row>
    </Rows>
  );
}

function ConsentCard({
  title,
  consent,
  confirmable = false,
}: {
  title: string;
  consent: ProofConsent;
  confirmable?: boolean;
}) {
  const at = (value: string | null) => (value ? <Timestamp value={value} /> : null);
  return (
    <Card className="break-inside-avoid">
      <CardHeader
        title={title}
        actions={<span className="text-sm font-medium">{consent.state.replace(/_/g, " ")}</span>}
      />
      <CardBody>
        <Rows>
          <Row label="Granted">{at(consent.grantedAt)}</Row>
          <Row label="Grant method">{consent.grantMethod}</Row>
          {confirmable ? (
            <>
              <Row label="Confirmed">{at(consent.confirmedAt)}</Row>
              <Row label="Confirmation">{consent.confirmMethod?.replace(/_/g, " ")}</Row>
            </>
          ) : null}
          <Row label="Revoked">{at(consent.revokedAt)}</Row>
          <Row label="Revoke method">{consent.revokeMethod?.replace(/_/g, " ")}</Row>
        </Rows>
      </CardBody>
    </Card>
  );
}

function NotedEvents({ events, withActor }: { events: ProofNotedEvent[]; withActor?: boolean }) {
  return (
    <>
      {events.map((event) => (
        <div
          key={event.eventId}
          className="border-t border-slate-100 pt-4 first:border-t-0 first:pt-0"
        >
          <h3 className="mb-2 text-sm font-semibold text-slate-900">
            #{event.seq} {event.sentence}
          </h3>
          <Rows>
            <Row label="When">
              <Timestamp value={event.at} />
            </Row>
            {withActor ? <Row label="By">{actorLine(event.actor)}</Row> : null}
            {event.details.map(([label, value]) => (
              <Row key={label} label={label}>
                {value}
              </Row>
            ))}
          </Rows>
        </div>
      ))}
    </>
  );
}

function actorLine(actor: ProofActor): string {
  return [actor.type.replace("_", " "), actor.name].filter(Boolean).join(" · ");
}
