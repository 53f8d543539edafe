// The public opt-in evidence of one form, by slug: its latest published version, as served.
// Unknown, unpublished and enrollment (2FA) forms have none (null): the evidence is for
// marketing campaigns.
import "server-only";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { getPublishedForm, type PublishedForm } from "@/lib/forms/get-published-form";
import { buildOptInEvidence, type OptInEvidence } from "./build-opt-in-evidence";
import { senderLabel } from "./sender-label";

export interface OptInEvidenceSource {
  published: PublishedForm;
  evidence: OptInEvidence;
}

export async function getOptInEvidence(slug: string): Promise<OptInEvidenceSource | null> {
  const published = await getPublishedForm(slug);
  if (!published || published.form.kind !== "SIGNUP") return null;
  const { form, version } = published;
  const [organization, audience, keywords] = await Promise.all([
    db.organization.findUniqueOrThrow({
      where: { id: form.organizationId },
      select: { name: true },
    }),
    db.audience.findFirstOrThrow({
      where: { id: form.audienceId, organizationId: form.organizationId },
      select: { senderId: true },
    }),
    db.formKeyword.findMany({
      where: { formId: form.id, organizationId: form.organizationId },
      orderBy: { createdAt: "asc" },
      select: { keyword: true },
    }),
  ]);
  const evidence = buildOptInEvidence({
    organizationName: organization.name,
    form,
    version,
    sender: await senderLabel({
      organizationId: form.organizationId,
      senderId: audience.senderId,
    }),
    // A code-only form takes no keyword signups (they are confirmed by YES).
    keywords: version.verificationMethod === "CODE" ? [] : keywords.map((k) => k.keyword),
    publicBaseUrl: getEnv().publicBaseUrl,
  });
  return { published, evidence };
}
