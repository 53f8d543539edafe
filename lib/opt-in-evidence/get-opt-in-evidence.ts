// The public opt-in evidence of one form, by slug: its latest published version, as served.
// Unknown, unpublished and enrollment (2FA) forms have none (null): the evidence is for
// marketing campaigns.
import "server-only";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { getPublishedForm, type PublishedForm } from "@/lib/forms/get-published-form";
import { buildOptInEvidence, type OptInEvidence } from "./build-opt-in-evidence";
import { defaultSenderLabel } from "./sender-label";

export interface OptInEvidenceSource {
  published: PublishedForm;
  evidence: OptInEvidence;
}

export async function getOptInEvidence(slug: string): Promise<OptInEvidenceSource | null> {
  const published = await getPublishedForm(slug);
  if (!published || published.form.kind !== "SIGNUP") return null;
  const { form, version } = published;
  const organization = await db.organization.findUniqueOrThrow({
    where: { id: form.organizationId },
    select: { name: true },
  });
  const evidence = buildOptInEvidence({
    organizationName: organization.name,
    form,
    version,
    sender: defaultSenderLabel(),
    keywords: [],
    publicBaseUrl: getEnv().publicBaseUrl,
  });
  return { published, evidence };
}
