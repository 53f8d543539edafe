// The {withdraw_link} of a message to one subscriber: ${PUBLIC_BASE_URL}/p/<org slug>/w/<token>
// (lib/portal/portal-tokens.ts). Looked up only for templates that use it, so a message
// without the placeholder costs nothing more.
import "server-only";
import type { SqlClient } from "@/lib/db/sql";
import { getEnv } from "@/lib/env";
import { WITHDRAW_LINK_PLACEHOLDER } from "@/lib/forms/form-content";
import { verificationSecret } from "@/lib/verification/issue-code";
import { issueWithdrawToken } from "./portal-tokens";

export function usesWithdrawLink(template: string): boolean {
  return template.includes(WITHDRAW_LINK_PLACEHOLDER);
}

export async function withdrawLinkFor(
  client: SqlClient,
  options: { organizationId: string; subscriberId: string; phone: string; now?: Date },
): Promise<string> {
  const [organization] = await client.$queryRaw<{ slug: string }[]>`
    SELECT "slug" FROM "Organization" WHERE "id" = ${options.organizationId}`;
  if (!organization) throw new Error(`Organization ${options.organizationId} not found`);
  const { slug } = organization;
  const token = issueWithdrawToken(
    { ...options, now: options.now ?? new Date() },
    verificationSecret(),
  );
  return `${getEnv().publicBaseUrl}/p/${slug}/w/${token}`;
}

/** The link for a template that uses it; undefined (the sample is never sent) otherwise. */
export async function withdrawLinkIfUsed(
  client: SqlClient,
  template: string,
  options: { organizationId: string; subscriberId: string; phone: string; now?: Date },
): Promise<string | undefined> {
  return usesWithdrawLink(template) ? withdrawLinkFor(client, options) : undefined;
}
