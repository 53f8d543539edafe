// A signup form's text-to-join keywords on its dashboard page: each with the call to action to
// print (with the disclosures carriers require), a QR code that opens the SMS app with the
// keyword filled in, and the public opt-in evidence; and a field to add one.
import { ActionForm, SubmitButton, TextField } from "@/components/ui/action-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { CopyButton } from "@/components/ui/copy-button";
import type { ActionResult } from "@/lib/actions/action-result";

type Action = (state: ActionResult<unknown>, formData: FormData) => Promise<ActionResult<unknown>>;

export interface FormKeywordView {
  id: string;
  keyword: string;
  callToAction: string;
  smsUri: string | null;
  /** data: URI of the QR code's SVG */
  qrCode: string | null;
}

export function FormKeywords({
  sender,
  keywords,
  evidenceUrl,
  canEdit,
  codeOnly,
  addAction,
  removeAction,
}: {
  sender: string;
  keywords: FormKeywordView[];
  evidenceUrl: string | null;
  canEdit: boolean;
  codeOnly: boolean;
  addAction: Action;
  removeAction: Action;
}) {
  return (
    <Card className="mt-6">
      <CardHeader
        title="Text-to-join keywords"
        description={`People text a keyword to ${sender} and get this form's confirmation text; they are subscribed once they reply YES. Keywords are unique on the number and never STOP, START, HELP or YES.`}
      />
      <CardBody className="space-y-6 text-sm">
        {keywords.length === 0 ? <p className="text-slate-600">No keywords yet.</p> : null}
        <ul className="space-y-6">
          {keywords.map((keyword) => (
            <li
              key={keyword.id}
              data-testid={`keyword-${keyword.keyword}`}
              className="grid gap-4 md:grid-cols-[1fr_auto]"
            >
              <div className="space-y-2">
                <h3 className="font-mono text-base font-semibold text-slate-900">
                  {keyword.keyword}
                </h3>
                <div className="flex items-center justify-between gap-2">
                  <p className="font-medium text-slate-800">Call to action (print it as is)</p>
                  <CopyButton text={keyword.callToAction} />
                </div>
                <p
                  className="rounded-md bg-slate-50 p-3 text-slate-900"
                  data-testid="call-to-action"
                >
                  {keyword.callToAction}
                </p>
                {evidenceUrl ? (
                  <p className="text-xs text-slate-600">
                    Opt-in evidence for carrier review:{" "}
                    <a className="text-brand-700 underline" href={evidenceUrl}>
                      {evidenceUrl}
                    </a>
                  </p>
                ) : null}
                {canEdit ? (
                  <ConfirmAction
                    action={removeAction}
                    label={`Remove ${keyword.keyword}`}
                    question={`Remove the keyword ${keyword.keyword}? Texts of it will get the usual hint instead of a signup.`}
                    confirmLabel={`Yes, remove ${keyword.keyword}`}
                    hidden={{ keywordId: keyword.id }}
                  />
                ) : null}
              </div>
              {keyword.qrCode && keyword.smsUri ? (
                <figure className="text-center">
                  {/* eslint-disable-next-line @next/next/no-img-element -- an inline data: SVG */}
                  <img
                    src={keyword.qrCode}
                    width={160}
                    height={160}
                    alt={`QR code: opens a text of ${keyword.keyword} to ${sender}`}
                    data-sms-uri={keyword.smsUri}
                  />
                  <figcaption className="mt-1 text-xs text-slate-600">
                    <a
                      className="text-brand-700 underline"
                      href={keyword.qrCode}
                      download={`qr-${keyword.keyword}.svg`}
                    >
                      Download QR code (SVG)
                    </a>
                  </figcaption>
                </figure>
              ) : null}
            </li>
          ))}
        </ul>
        {canEdit ? (
          codeOnly ? (
            <p className="text-slate-600">
              This form confirms by code only; a keyword signup is confirmed by replying YES. Switch
              “Confirm by” to a YES reply (or either) to add keywords.
            </p>
          ) : (
            <ActionForm
              action={addAction}
              className="flex flex-wrap items-end gap-3"
              resetOnSuccess
            >
              <TextField
                name="keyword"
                label="New keyword"
                placeholder="COFFEE"
                hint="One word of letters and digits; case and accents do not matter."
                required
              />
              <SubmitButton pendingLabel="Adding…">Add keyword</SubmitButton>
            </ActionForm>
          )
        ) : null}
      </CardBody>
    </Card>
  );
}
