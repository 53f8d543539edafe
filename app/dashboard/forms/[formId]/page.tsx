import type { Metadata } from "next";
import { FormEditor } from "@/components/forms/form-editor";
import { FormKeywords } from "@/components/forms/form-keywords";
import { GrowthSection } from "@/components/growth/growth-section";
import { ActionForm, SubmitButton, TextField } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { PageHeader } from "@/components/ui/page-header";
import { Timestamp } from "@/components/ui/timestamp";
import { can } from "@/lib/auth/permissions";
import { requireMembership } from "@/lib/auth/require-membership";
import { getEnv } from "@/lib/env";
import { getForm } from "@/lib/forms/get-form";
import { getFormKeywordViews } from "@/lib/keywords/get-form-keyword-views";
import { orNotFound } from "@/lib/http/or-not-found";
import { countryOptions } from "@/lib/phone/countries";
import { versionedAssetUrl } from "@/lib/public-form/versioned-asset-url";
import {
  addFormKeywordAction,
  publishFormAction,
  removeFormKeywordAction,
  saveFormDraftAction,
  updateFormSettingsAction,
} from "../actions";

export const metadata: Metadata = { title: "Edit form" };

export default async function FormPage({
  params,
  searchParams,
}: {
  params: Promise<{ formId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { formId } = await params;
  const { organizationId, role } = await requireMembership();
  const { form, content, published, latestPublished, hasUnpublishedChanges } = await orNotFound(
    getForm({ organizationId, formId }),
  );
  const canEdit = can(role, "forms:write");
  const keywords =
    form.kind === "SIGNUP"
      ? await getFormKeywordViews({
          organizationId,
          formId: form.id,
          senderId: form.audience.senderId,
          program: latestPublished ?? content,
        })
      : null;
  const base = getEnv().publicBaseUrl;
  const hostedUrl = `${base}/f/${form.slug}`;
  const iframeSnippet = `<iframe src="${hostedUrl}?embed=1" title="SMS signup" style="width:100%;max-width:28rem;height:460px;border:0"></iframe>`;
  const scriptSnippet = `<script src="${base}${versionedAssetUrl("embed.js")}" data-optline-form="${form.slug}" async></script>`;

  return (
    <>
      <PageHeader
        title={form.name}
        back={{ href: "/dashboard/forms", label: "Signup forms" }}
        description={
          <>
            Adds people to <span className="font-medium">{form.audience.name}</span>.{" "}
            {latestPublished ? (
              <Badge tone="green">v{latestPublished.version} live</Badge>
            ) : (
              <Badge tone="amber">not published yet</Badge>
            )}{" "}
            {hasUnpublishedChanges && latestPublished ? (
              <Badge tone="amber">unpublished changes</Badge>
            ) : null}
          </>
        }
        actions={
          latestPublished ? (
            <ButtonLink href={`/f/${form.slug}`} target="_blank" variant="secondary">
              Open hosted page ↗
            </ButtonLink>
          ) : null
        }
      />

      <FormEditor
        formId={form.id}
        kind={form.kind}
        initial={content}
        countries={countryOptions(content.locale)}
        canEdit={canEdit}
        nextVersion={(latestPublished?.version ?? 0) + 1}
        hasDraft={hasUnpublishedChanges}
        saveAction={saveFormDraftAction.bind(null, form.id)}
        publishAction={publishFormAction.bind(null, form.id)}
      />

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader
            title="Share and embed"
            description={
              latestPublished
                ? "The live version is served everywhere at once."
                : "Publish the form to share it."
            }
          />
          <CardBody className="space-y-4 text-sm">
            {[
              ["Hosted page", hostedUrl],
              ["Script embed (resizes itself)", scriptSnippet],
              ["Plain iframe", iframeSnippet],
            ].map(([label, value]) => (
              <div key={label}>
                <div className="flex items-center justify-between gap-2">
                  <p className="font-medium text-slate-800">{label}</p>
                  <CopyButton text={value!} />
                </div>
                {/* Scrolls sideways: reachable and named for keyboard users. */}
                <pre
                  tabIndex={0}
                  role="region"
                  aria-label={label}
                  className="mt-1 overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100"
                >
                  {value}
                </pre>
              </div>
            ))}
            <p className="text-xs text-slate-600">
              API:{" "}
              <code className="font-mono">
                POST {base}/api/v1/public/forms/{form.slug}/signups
              </code>
            </p>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Settings" />
          <CardBody>
            {canEdit ? (
              <ActionForm
                action={updateFormSettingsAction.bind(null, form.id)}
                className="space-y-4"
              >
                <TextField name="name" label="Form name" defaultValue={form.name} required />
                <TextField
                  name="slug"
                  label="Address"
                  defaultValue={form.slug}
                  hint={`${base}/f/…`}
                  required
                />
                <TextField
                  name="allowedOrigins"
                  label="Sites allowed to embed this form"
                  defaultValue={form.allowedOrigins.join("\n")}
                  hint="One origin per line, e.g. https://shop.example.com. Empty: any site may embed it."
                  multiline
                />
                <SubmitButton>Save settings</SubmitButton>
              </ActionForm>
            ) : (
              <p className="text-sm text-slate-600">
                Your role can view forms but not change them.
              </p>
            )}
          </CardBody>
        </Card>
      </div>

      {keywords ? (
        <FormKeywords
          sender={keywords.sender}
          keywords={keywords.keywords}
          evidenceUrl={latestPublished ? `${base}/f/${form.slug}/opt-in-evidence` : null}
          canEdit={canEdit}
          codeOnly={(latestPublished ?? content).verificationMethod === "CODE"}
          addAction={addFormKeywordAction.bind(null, form.id)}
          removeAction={removeFormKeywordAction.bind(null, form.id)}
        />
      ) : null}

      <Card className="mt-6">
        <CardHeader
          title="Published versions"
          description="Frozen: the database refuses any change to a published version."
        />
        <CardBody>
          {published.length === 0 ? (
            <p className="text-sm text-slate-600">None yet.</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {published.map((version) => (
                <li
                  key={version.id}
                  className="flex flex-wrap items-baseline justify-between gap-2 py-2"
                >
                  <span className="font-medium">Version {version.version}</span>
                  <span
                    className="font-mono text-xs text-slate-600"
                    title="SHA-256 of the consent text"
                  >
                    consent {version.consentTextSha256.slice(0, 16)}…
                  </span>
                  {version.publishedAt ? <Timestamp value={version.publishedAt} /> : null}
                </li>
              ))}
            </ul>
          )}
        </CardBody>
      </Card>
      <GrowthSection
        scope={{ organizationId, formId: form.id }}
        searchParams={await searchParams}
      />
    </>
  );
}
