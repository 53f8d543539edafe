// The registration kit of the organization's sender, from its published signup forms (their
// latest versions, as served). Until per-organization senders exist, every form sends from the
// installation's default sender.
import "server-only";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { formContentFromVersion } from "@/lib/forms/form-version-columns";
import { buildOptInEvidence } from "@/lib/opt-in-evidence/build-opt-in-evidence";
import { defaultSenderLabel } from "@/lib/opt-in-evidence/sender-label";
import { buildRegistrationKit, type RegistrationKit } from "./build-registration-kit";

export async function getRegistrationKit(options: {
  organizationId: string;
}): Promise<RegistrationKit> {
  const { organizationId } = options;
  const [organization, forms] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { name: true } }),
    db.signupForm.findMany({
      where: { organizationId, kind: "SIGNUP", versions: { some: { publishedAt: { not: null } } } },
      orderBy: { createdAt: "asc" },
      include: {
        versions: {
          where: { publishedAt: { not: null } },
          orderBy: { version: "desc" },
          take: 1,
        },
      },
    }),
  ]);
  const sender = defaultSenderLabel();
  const publicBaseUrl = getEnv().publicBaseUrl;
  return buildRegistrationKit({
    organizationName: organization.name,
    sender,
    forms: forms.flatMap((form) => {
      const version = form.versions[0];
      if (!version || version.version === null) return [];
      return [
        {
          evidence: buildOptInEvidence({
            organizationName: organization.name,
            form,
            version: { ...version, version: version.version },
            sender,
            keywords: [],
            publicBaseUrl,
          }),
          content: formContentFromVersion(version),
        },
      ];
    }),
  });
}
