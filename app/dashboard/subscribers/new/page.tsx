import type { Metadata } from "next";
import { ActionForm, SelectField, SubmitButton, TextField } from "@/components/ui/action-form";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listAudiences } from "@/lib/audiences/list-audiences";
import { requireMembership } from "@/lib/auth/require-membership";
import { LOCALE_NAMES, LOCALES } from "@/lib/i18n/locales";
import { countryOptions } from "@/lib/phone/countries";
import { IMPORT_MAX_MEGABYTES } from "@/lib/subscribers/import-progress-response";
import { IMPORT_MAX_ROWS } from "@/lib/subscribers/import-subscribers";
import { addSubscriberAction } from "../actions";
import { ImportCsvForm } from "./import-csv-form";

export const metadata: Metadata = { title: "Add subscribers" };

export default async function NewSubscribersPage() {
  const { organizationId } = await requireMembership("subscribers:write");
  const audiences = await listAudiences({ organizationId });
  if (audiences.length === 0) return <EmptyState title="Create an audience first" />;
  const audienceOptions = audiences.map((audience) => ({
    value: audience.id,
    label: audience.name,
  }));
  const countries = countryOptions().map((country) => ({
    value: country.code,
    label: `${country.name} (+${country.callingCode})`,
  }));
  return (
    <>
      <PageHeader
        title="Add subscribers"
        back={{ href: "/dashboard/subscribers", label: "Subscribers" }}
        description="For consent you collected elsewhere (a paper form, another system). They join confirmed on the strength of the evidence you describe, which is recorded with your name and shown in their proof of opt-in."
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="One number" />
          <CardBody>
            <ActionForm action={addSubscriberAction} className="space-y-4">
              <SelectField name="audienceId" label="Audience" options={audienceOptions} />
              <div className="grid grid-cols-2 gap-3">
                <SelectField name="country" label="Country" defaultValue="US" options={countries} />
                <TextField name="phone" label="Mobile number" type="tel" required />
              </div>
              <SelectField
                name="locale"
                label="Language"
                defaultValue="en"
                options={LOCALES.map((value) => ({ value, label: LOCALE_NAMES[value] }))}
              />
              <TextField
                name="originalConsentAt"
                label="Consented at (UTC)"
                type="datetime-local"
                required
              />
              <TextField
                name="evidence"
                label="Evidence"
                hint="Where the consent is documented: a document, URL or record id."
                multiline
                required
              />
              <TextField name="source" label="Source" placeholder="In-store tablet" required />
              <SubmitButton pendingLabel="Adding…">Add subscriber</SubmitButton>
            </ActionForm>
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Import a CSV"
            description="Map the file's columns, check the preview, then import."
          />
          <CardBody>
            <ImportCsvForm
              audiences={audienceOptions}
              countries={countries}
              maxRows={IMPORT_MAX_ROWS}
              maxMegabytes={IMPORT_MAX_MEGABYTES}
            />
          </CardBody>
        </Card>
      </div>
    </>
  );
}
