// The registration kits of the organization: one per sender its published signup forms send
// from (an audience's own sender, or the installation's default), built from the forms' latest
// versions as served and their keywords.
import "server-only";
import { db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";
import { formContentFromVersion } from "@/lib/forms/form-version-columns";
import { buildOptInEvidence } from "@/lib/opt-in-evidence/build-opt-in-evidence";
import { senderLabel } from "@/lib/opt-in-evidence/sender-label";
import { buildRegistrationKit, type RegistrationKit } from "./build-registration-kit";

export async function getRegistrationKits(options: {
  organizationId: string;
}): Promise<RegistrationKit[]> {
  const { organizationId } = options;
  const [organization, forms] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { name: true } }),
    db.signupForm.findMany({
      where: { organizationId, kind: "SIGNUP", versions: { some: { publishedAt: { not: null } } } },
      orderBy: { createdAt: "asc" },
      include: {
        audience: { select: { senderId: true } },
        keywords: { orderBy: { createdAt: "asc" }, select: { keyword: true } },
        versions: {
          where: { publishedAt: { not: null } },
          orderBy: { version: "desc" },
          take: 1,
        },
      },
    }),
  ]);
  const publicBaseUrl = getEnv().publicBaseUrl;
  // The default sender first (null), then each sender in the order its first form was made.
  const senderIds = [...new Set([null, ...forms.map((form) => form.audience.senderId)])];
  const kits: RegistrationKit[] = [];
  for (const senderId of senderIds) {
    const ofSender = forms.filter((form) => form.audience.senderId === senderId);
    if (senderId !== null && ofSender.length === 0) continue;
    const sender = await senderLabel({ organizationId, senderId });
    kits.push(
      buildRegistrationKit({
        organizationName: organization.name,
        sender,
        forms: ofSender.flatMap((form) => {
          const version = form.versions[0];
          if (!version || version.version === null) return [];
          return [
            {
              evidence: buildOptInEvidence({
                organizationName: organization.name,
                form,
                version: { ...version, version: version.version },
                sender,
                keywords:
                  version.verificationMethod === "CODE" ? [] : form.keywords.map((k) => k.keyword),
                publicBaseUrl,
              }),
              content: formContentFromVersion(version),
            },
          ];
        }),
      }),
    );
  }
  // Forms only on own senders: the default sender has nothing to register.
  return kits.length > 1 && kits[0]!.evidenceUrls.length === 0 ? kits.slice(1) : kits;
}
