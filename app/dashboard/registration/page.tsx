// The carrier registration kit: what to paste into a US A2P 10DLC campaign or a toll-free
// verification, generated from the published forms (lib/registration-kit), with what
// reviewers would reject listed first.
import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { PageHeader } from "@/components/ui/page-header";
import { requireMembership } from "@/lib/auth/require-membership";
import type { RegistrationKit } from "@/lib/registration-kit/build-registration-kit";
import { getRegistrationKits } from "@/lib/registration-kit/get-registration-kit";

export const metadata: Metadata = { title: "Carrier registration" };

function Field({
  id,
  label,
  value,
  hint,
}: {
  id: string;
  label: string;
  value: string;
  hint?: string;
}) {
  return (
    <div data-testid={`kit-${id}`}>
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-medium text-slate-800">{label}</h3>
        {value ? <CopyButton text={value} /> : null}
      </div>
      {hint ? <p className="text-xs text-slate-600">{hint}</p> : null}
      <p className="mt-1 whitespace-pre-wrap rounded-md bg-slate-50 p-3 text-sm text-slate-900">
        {value || "—"}
      </p>
    </div>
  );
}

export default async function RegistrationPage() {
  const { organizationId } = await requireMembership();
  const kits = await getRegistrationKits({ organizationId });
  return (
    <>
      <PageHeader
        title="Carrier registration"
        description="What to submit for US A2P 10DLC campaign registration or toll-free verification, per sender, generated from your published signup forms: what reviewers read is what people see and get."
      />
      {kits.map((kit) => (
        <KitSection key={kit.sender} kit={kit} several={kits.length > 1} />
      ))}
    </>
  );
}

function KitSection({ kit, several }: { kit: RegistrationKit; several: boolean }) {
  return (
    <section aria-label={`Sender ${kit.sender}`} className="mb-10" data-testid="kit">
      <h2 className={several ? "mb-3 text-lg font-semibold text-slate-900" : "sr-only"}>
        Sender {kit.sender}
      </h2>
      {kit.problems.length > 0 ? (
        <Alert tone="warning" className="mb-6">
          <p className="font-medium">Reviewers would reject this campaign. Fix first:</p>
          <ul className="mt-1 list-disc pl-5" data-testid="kit-problems">
            {kit.problems.map((problem, index) => (
              <li key={index}>
                {problem.form ? `Form “${problem.form}”: ` : ""}
                {problem.message}
              </li>
            ))}
          </ul>
        </Alert>
      ) : (
        <Alert tone="success" className="mb-6">
          Every opt-in is documented with its disclosures, links and public evidence.
        </Alert>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Campaign" />
          <CardBody className="space-y-4">
            <Field id="description" label="Campaign description" value={kit.campaignDescription} />
            <Field
              id="message-flow"
              label="Message flow: how people opt in"
              hint="One paragraph per opt-in method, each with its public evidence page."
              value={kit.messageFlow}
            />
            <Field
              id="frequency"
              label="Message frequency"
              value={kit.messageFrequency.join(" ")}
            />
            <Field
              id="links"
              label="Terms and privacy policy"
              value={[...kit.termsUrls, ...kit.privacyUrls].join("\n")}
            />
            <Field
              id="embedded-links"
              label="Messages include links"
              value={kit.embedsLinks ? "Yes" : "No"}
            />
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Keywords and replies" />
          <CardBody className="space-y-4">
            <Field
              id="opt-in-keywords"
              label="Opt-in keywords"
              value={kit.optInKeywords.join(", ")}
            />
            <Field
              id="opt-in-message"
              label="Opt-in (confirmation) message"
              value={kit.optInMessage ?? ""}
            />
            <Field
              id="opt-out-keywords"
              label="Opt-out keywords"
              value={kit.optOutKeywords.join(", ")}
            />
            <Field id="opt-out-message" label="Opt-out message" value={kit.optOutMessage ?? ""} />
            <Field id="help-keywords" label="Help keywords" value={kit.helpKeywords.join(", ")} />
            <Field id="help-message" label="Help message" value={kit.helpMessage ?? ""} />
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Sample messages"
            description="The texts actually sent, as rendered from the live versions."
          />
          <CardBody className="space-y-4">
            {kit.sampleMessages.map((sample, index) => (
              <Field
                key={index}
                id={`sample-${index + 1}`}
                label={`Sample ${index + 1}: ${sample.label}`}
                value={sample.body}
              />
            ))}
          </CardBody>
        </Card>
        <Card>
          <CardHeader
            title="Opt-in evidence"
            description="Public pages, no sign-in: give these URLs (or upload the PNG) as the opt-in screenshots."
          />
          <CardBody>
            <ul className="space-y-3 text-sm" data-testid="kit-evidence">
              {kit.evidenceUrls.map((evidence) => (
                <li key={evidence.page}>
                  <p className="font-medium text-slate-800">{evidence.form}</p>
                  <a className="break-all text-brand-700 underline" href={evidence.page}>
                    {evidence.page}
                  </a>{" "}
                  ·{" "}
                  <a className="text-brand-700 underline" href={evidence.pdf}>
                    PDF
                  </a>{" "}
                  ·{" "}
                  <a className="text-brand-700 underline" href={evidence.png}>
                    PNG
                  </a>
                </li>
              ))}
            </ul>
          </CardBody>
        </Card>
      </div>
    </section>
  );
}
