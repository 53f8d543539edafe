"use client";
// Edits a form's draft with a live preview (the real public form component) and live CTIA
// checks. Publishing saves the draft and freezes it as the next version.
import { useMemo, useState, useTransition, type ReactNode } from "react";
import { SignupFormView } from "@/components/public-form/signup-form-view";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { describedBy, Field, Input, Select, Textarea } from "@/components/ui/field";
import type { ActionResult } from "@/lib/actions/action-result";
import { checkFormContent, renderFormSms, type TFormContentSchema } from "@/lib/forms/form-content";
import { LOCALE_NAMES, LOCALES } from "@/lib/i18n/locales";
import type { CountryOption } from "@/lib/phone/countries";
import { analyzeSegments } from "@/lib/sms/segments";

type Content = TFormContentSchema;
type SaveAction = (content: Content) => Promise<ActionResult<unknown>>;

interface Props {
  formId: string;
  initial: Content;
  countries: CountryOption[];
  canEdit: boolean;
  nextVersion: number;
  hasDraft: boolean;
  saveAction: SaveAction;
  publishAction: SaveAction;
}

export function FormEditor({
  formId,
  initial,
  countries,
  canEdit,
  nextVersion,
  hasDraft,
  saveAction,
  publishAction,
}: Props) {
  const [content, setContent] = useState<Content>(initial);
  const [dirty, setDirty] = useState(false);
  const [result, setResult] = useState<ActionResult<unknown> | null>(null);
  const [pending, startTransition] = useTransition();
  const problems = useMemo(() => checkFormContent(content), [content]);
  const fieldError = (name: keyof Content) =>
    (result && !result.ok ? result.fields?.[name]?.[0] : undefined) ??
    problems.find((p) => p.field === name)?.message;

  const set = (name: keyof Content) => (event: { target: { value: string } }) => {
    setContent((current) => ({ ...current, [name]: event.target.value }));
    setDirty(true);
  };
  const submit = (action: SaveAction) =>
    startTransition(async () => {
      const outcome = await action(content);
      setResult(outcome);
      if (outcome.ok) setDirty(false);
    });

  const text = (name: keyof Content, label: string, hint?: ReactNode, multiline = false) => {
    const id = `form-${name}`;
    const error = fieldError(name);
    const props = {
      id,
      value: String(content[name] ?? ""),
      onChange: set(name),
      disabled: !canEdit,
      "aria-invalid": error ? true : undefined,
      "aria-describedby": describedBy(id, hint, error),
    };
    return (
      <Field id={id} label={label} hint={hint} error={error}>
        {multiline ? <Textarea rows={4} {...props} /> : <Input {...props} />}
      </Field>
    );
  };

  return (
    <div className="grid gap-6 xl:grid-cols-5">
      <div className="space-y-6 xl:col-span-3">
        <Card>
          <CardHeader
            title="Program"
            description="Who is texting, in which language, and for which country by default."
          />
          <CardBody className="grid gap-4 sm:grid-cols-2">
            {text("programName", "Program name", "Starts every text, e.g. “Acme Deals”.")}
            <Field id="form-locale" label="Language">
              <Select
                id="form-locale"
                value={content.locale}
                onChange={set("locale")}
                disabled={!canEdit}
              >
                {LOCALES.map((locale) => (
                  <option key={locale} value={locale}>
                    {LOCALE_NAMES[locale]}
                  </option>
                ))}
              </Select>
            </Field>
            <Field id="form-defaultCountry" label="Default country" className="sm:col-span-2">
              <Select
                id="form-defaultCountry"
                value={content.defaultCountry}
                onChange={set("defaultCountry")}
                disabled={!canEdit}
              >
                {countries.map((country) => (
                  <option key={country.code} value={country.code}>
                    {country.name} (+{country.callingCode})
                  </option>
                ))}
              </Select>
            </Field>
          </CardBody>
        </Card>

        <Card>
          <CardHeader title="Page" description="What the form says around the consent box." />
          <CardBody className="space-y-4">
            {text("headline", "Headline")}
            {text("description", "Description", "Optional.", true)}
            {text("buttonLabel", "Button label")}
          </CardBody>
        </Card>

        <Card>
          <CardHeader
            title="Consent"
            description="Shown verbatim next to a checkbox that starts unchecked. Its SHA-256 goes into every signup record."
          />
          <CardBody className="space-y-4">
            {text(
              "consentText",
              "Consent text",
              "Name the seller, say the texts are automated marketing, that consent is not a condition of purchase, and how to stop.",
              true,
            )}
            <div className="grid gap-4 sm:grid-cols-2">
              {text("termsUrl", "Terms URL")}
              {text("termsVersion", "Terms version", "e.g. 2026-03")}
              {text("privacyUrl", "Privacy policy URL")}
              {text("privacyVersion", "Privacy version")}
            </div>
          </CardBody>
        </Card>

        <Card>
          <CardHeader
            title="Texts"
            description="{program}, {frequency} and {rates} are filled in from the fields above."
          />
          <CardBody className="space-y-4">
            <div className="grid gap-4 sm:grid-cols-2">
              {text("frequencyText", "Message frequency")}
              {text("ratesText", "Rates disclosure")}
            </div>
            {text("confirmationMessage", "Confirmation SMS (“Reply YES…”)", undefined, true)}
            <SmsPreview template={content.confirmationMessage} content={content} />
            {text("helpText", "Reply to HELP", undefined, true)}
            <SmsPreview template={content.helpText} content={content} />
          </CardBody>
        </Card>
      </div>

      <div className="space-y-6 xl:col-span-2">
        <div className="space-y-6 xl:sticky xl:top-6">
          <Card>
            <CardHeader
              title="Publish"
              description={
                hasDraft || dirty
                  ? `Publishing creates version ${nextVersion}.`
                  : "No unpublished changes."
              }
            />
            <CardBody className="space-y-3">
              {result ? (
                <Alert tone={result.ok ? "success" : "error"}>
                  {result.ok ? (result.message ?? "Saved.") : result.message}
                </Alert>
              ) : null}
              {problems.length > 0 ? (
                <Alert tone="warning">
                  <p className="font-medium">Fix before publishing:</p>
                  <ul className="mt-1 list-disc pl-5">
                    {problems.map((problem) => (
                      <li key={`${problem.field}-${problem.message}`}>{problem.message}</li>
                    ))}
                  </ul>
                </Alert>
              ) : (
                <Alert tone="success">
                  Content checks passed (program name, frequency, rates, HELP, STOP).
                </Alert>
              )}
              {canEdit ? (
                <div className="flex flex-wrap gap-2">
                  <Button
                    variant="secondary"
                    disabled={pending || !dirty}
                    onClick={() => submit(saveAction)}
                  >
                    Save draft
                  </Button>
                  <Button
                    disabled={pending || problems.length > 0 || !(dirty || hasDraft)}
                    onClick={() => submit(publishAction)}
                  >
                    {pending ? "Working…" : `Publish version ${nextVersion}`}
                  </Button>
                </div>
              ) : (
                <p className="text-sm text-slate-600">
                  Your role can view forms but not change them.
                </p>
              )}
            </CardBody>
          </Card>
          <Card>
            <CardHeader
              title="Preview"
              description="Exactly what people see. Submitting is off in the preview."
            />
            <CardBody>
              <div
                className="rounded-lg border border-dashed border-slate-300 p-4"
                data-testid="form-preview"
              >
                <SignupFormView
                  formId={formId}
                  versionId={null}
                  content={content}
                  countries={countries}
                  mode="preview"
                />
              </div>
            </CardBody>
          </Card>
        </div>
      </div>
    </div>
  );
}

function SmsPreview({ template, content }: { template: string; content: Content }) {
  const body = renderFormSms(template, content);
  const info = analyzeSegments(body);
  return (
    <div className="rounded-md bg-slate-50 p-3">
      <p className="max-w-md whitespace-pre-line rounded-2xl rounded-bl-sm bg-white px-3 py-2 text-sm text-slate-900 shadow-xs ring-1 ring-slate-200">
        {body}
      </p>
      <p className="mt-2 text-xs text-slate-600" aria-live="polite">
        {info.encoding} · {info.characters} characters · {info.segments} segment
        {info.segments === 1 ? "" : "s"} · {info.remainingInSegment} left in this segment
      </p>
      {info.encoding === "UCS-2" ? (
        <p className="mt-1 text-xs font-medium text-amber-800">
          {info.nonGsmCharacters.map((char) => `“${char}”`).join(", ")}{" "}
          {info.nonGsmCharacters.length === 1 ? "is" : "are"} outside GSM-7, so the whole message is
          sent as UCS-2 (70 characters per segment instead of 160).
        </p>
      ) : null}
    </div>
  );
}
