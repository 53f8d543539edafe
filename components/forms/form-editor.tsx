"use client";
// Edits a form's draft with a live preview (the real public form component) and live CTIA
// checks. Publishing saves the draft and freezes it as the next version.
import { useEffect, useMemo, useState, useTransition, type ReactNode } from "react";
import { PublicFormPreview } from "@/components/public-form/public-form-preview";
import { SignupFormView } from "@/components/public-form/signup-form-view";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { describedBy, Field, Input, Select, Textarea } from "@/components/ui/field";
import { CountryPicker } from "./country-picker";
import type { ActionResult } from "@/lib/actions/action-result";
import {
  checkFormContent,
  confirmationTemplateFor,
  renderFormSms,
  VERIFICATION_METHOD_LABELS,
  warnFormSegments,
  VERIFICATION_METHODS,
  type FormKindName,
  type TFormContentSchema,
  type VerificationMethodName,
} from "@/lib/forms/form-content";
import { LOCALE_NAMES, LOCALES, toLocale } from "@/lib/i18n/locales";
import type { CountryOption } from "@/lib/phone/countries";
import { analyzeSegments } from "@/lib/sms/segments";
import { transliterate } from "@/lib/sms/transliterate";
import { sampleCodeSms } from "@/lib/verification/code-sms";

type Content = TFormContentSchema;
type SaveAction = (content: Content) => Promise<ActionResult<unknown>>;

interface Props {
  formId: string;
  kind?: FormKindName;
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
  kind = "SIGNUP",
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
  const problems = useMemo(() => checkFormContent(content, { kind }), [content, kind]);
  const warnings = useMemo(() => warnFormSegments(content), [content]);
  const enrollment = kind === "ENROLLMENT";
  const codeForm = enrollment || content.verificationMethod !== "SMS_REPLY";
  const fieldError = (name: keyof Content) =>
    (result && !result.ok ? result.fields?.[name]?.[0] : undefined) ??
    problems.find((p) => p.field === name)?.message;

  const set = (name: keyof Content) => (event: { target: { value: string } }) => {
    setContent((current) => ({ ...current, [name]: event.target.value }));
    setDirty(true);
  };
  const change = (patch: Partial<Content>) => {
    setContent((current) => ({ ...current, ...patch }));
    setDirty(true);
  };
  const setMethod = (method: VerificationMethodName) =>
    change({
      verificationMethod: method,
      // Stock wording follows the method: code-only forms don't ask for YES.
      confirmationMessage: confirmationTemplateFor(
        toLocale(content.locale),
        method,
        content.confirmationMessage,
      ),
    });
  // A rejected save or publish: focus the first field the server named (the message is
  // announced by its alert). Fields are in content order, so the first in the form wins.
  useEffect(() => {
    if (!result || result.ok || !result.fields) return;
    const named = new Set(Object.keys(result.fields));
    const first = Object.keys(content).find((name) => named.has(name));
    if (first) document.getElementById(`form-${first}`)?.focus();
    // Only when a new result arrives, not on every keystroke.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [result]);
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
          <CardHeader
            title="Verification"
            description={
              enrollment
                ? "People verify their number with a code for two-factor sign-in; marketing is an optional, separate box."
                : "How people prove the number is theirs before they are on the list."
            }
          />
          <CardBody className="grid gap-4 sm:grid-cols-2">
            {enrollment ? null : (
              <Field id="form-verificationMethod" label="Confirm by">
                <Select
                  id="form-verificationMethod"
                  value={content.verificationMethod}
                  onChange={(event) => setMethod(event.target.value as VerificationMethodName)}
                  disabled={!canEdit}
                >
                  {VERIFICATION_METHODS.map((method) => (
                    <option key={method} value={method}>
                      {VERIFICATION_METHOD_LABELS[method]}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
            {codeForm ? (
              <Field
                id="form-codeExpiryMinutes"
                label="Code expires after"
                hint="5 to 10 minutes."
                error={fieldError("codeExpiryMinutes")}
              >
                <Select
                  id="form-codeExpiryMinutes"
                  value={String(content.codeExpiryMinutes)}
                  onChange={(event) => change({ codeExpiryMinutes: Number(event.target.value) })}
                  disabled={!canEdit}
                >
                  {[5, 6, 7, 8, 9, 10].map((minutes) => (
                    <option key={minutes} value={minutes}>
                      {minutes} minutes
                    </option>
                  ))}
                </Select>
              </Field>
            ) : null}
            <div className="sm:col-span-2">
              <CountryPicker
                label="Countries allowed to sign up"
                hint={
                  content.allowedCountries.length === 0
                    ? "None chosen: only numbers from the default country."
                    : `${content.allowedCountries.length} chosen.`
                }
                countries={countries}
                value={content.allowedCountries}
                onChange={(allowedCountries) => change({ allowedCountries })}
                disabled={!canEdit}
                error={fieldError("allowedCountries")}
              />
            </div>
            <label className="flex items-start gap-3 text-sm text-slate-800 sm:col-span-2">
              <input
                type="checkbox"
                checked={content.transliterate}
                disabled={!canEdit}
                onChange={(event) => change({ transliterate: event.target.checked })}
                className="mt-1 size-4 rounded border-slate-400 text-brand-600"
              />
              <span>
                Transliterate characters outside GSM-7 before sending
                <span className="block text-xs text-slate-600">
                  ł→l, œ→oe, curly quotes → straight: one such character would make the whole SMS
                  UCS-2 (70 characters per segment instead of 160).
                </span>
              </span>
            </label>
            {enrollment ? (
              <div className="sm:col-span-2">
                {text(
                  "verificationConsentText",
                  "2FA consent text",
                  "Shown next to its own unchecked box on the code screen. Name the program and say codes come by text.",
                  true,
                )}
              </div>
            ) : null}
            {codeForm ? (
              <div className="space-y-1 sm:col-span-2">
                <p className="text-sm font-medium text-slate-800">Code SMS</p>
                <SmsPreview
                  body={sampleCodeSms({
                    locale: toLocale(content.locale),
                    purpose: enrollment ? "enrollment" : "signup",
                    programName: content.programName,
                    expiryMinutes: content.codeExpiryMinutes,
                  })}
                  content={content}
                />
              </div>
            ) : null}
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
              {text("termsUrl", "Terms URL", "Required: shown under the checkbox.")}
              {text("termsVersion", "Terms version", "e.g. 2026-03")}
              {text("privacyUrl", "Privacy policy URL", "Required: shown under the checkbox.")}
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
            {text(
              "confirmationMessage",
              content.verificationMethod === "CODE" || enrollment
                ? "Confirmation SMS (sent once the code is right)"
                : "Confirmation SMS (“Reply YES…”)",
              undefined,
              true,
            )}
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
                  Content checks passed (program name, frequency, rates, HELP, STOP, a real contact,
                  terms and privacy links, the consent disclosures carrier reviewers look for).
                </Alert>
              )}
              {warnings.length > 0 ? (
                <Alert tone="info">
                  <p className="font-medium">Publishes, but costs more:</p>
                  <ul className="mt-1 list-disc pl-5">
                    {warnings.map((warning) => (
                      <li key={warning.field}>{warning.message}</li>
                    ))}
                  </ul>
                </Alert>
              ) : null}
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
                {enrollment ? (
                  <SignupFormView
                    formId={formId}
                    versionId={null}
                    content={content}
                    countries={countries}
                    mode="preview"
                    kind={kind}
                  />
                ) : (
                  <PublicFormPreview formId={formId} content={content} countries={countries} />
                )}
              </div>
            </CardBody>
          </Card>
        </div>
      </div>
    </div>
  );
}

function SmsPreview({
  template,
  body: given,
  content,
}: {
  template?: string;
  body?: string;
  content: Content;
}) {
  const original = given ?? renderFormSms(template ?? "", content);
  // With transliteration on, preview what is actually sent.
  const body = content.transliterate ? transliterate(original) : original;
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
      {body !== original ? (
        <p className="mt-1 text-xs text-slate-600">Transliterated from: {original}</p>
      ) : null}
    </div>
  );
}
