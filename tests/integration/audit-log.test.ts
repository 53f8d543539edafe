// The audit log shows every staff action that changes what people are shown or what is kept,
// with its details: forms created, changed and published (with the consent text's hash and
// what changed), audiences, consent withdrawals and deletions with their reasons.
import { beforeAll, describe, expect, it } from "vitest";
import { createAudience } from "@/lib/audiences/create-audience";
import { updateAudience } from "@/lib/audiences/update-audience";
import { listAuditLog } from "@/lib/compliance/list-audit-log";
import { userActor } from "@/lib/consent-events/actor";
import { verifyChains } from "@/lib/consent-events/verify-chain";
import { db } from "@/lib/db/client";
import { createForm } from "@/lib/forms/create-form";
import { getForm } from "@/lib/forms/get-form";
import { publishForm } from "@/lib/forms/publish-form";
import { saveFormDraft } from "@/lib/forms/save-form-draft";
import { updateFormSettings } from "@/lib/forms/update-form-settings";
import { sha256Hex } from "@/lib/forms/form-version-columns";
import { addSubscriber } from "@/lib/subscribers/add-subscriber";
import { deleteSubscriber } from "@/lib/subscribers/update-subscriber";
import { changeConsent } from "@/lib/verification/change-consent";
import { createTestAccount } from "../support/factories";

let account: Awaited<ReturnType<typeof createTestAccount>>;
let organizationId: string;
let actor: ReturnType<typeof userActor>;
beforeAll(async () => {
  account = await createTestAccount("Audit");
  organizationId = account.organization.id;
  actor = userActor(account.user, { ip: "198.51.100.30", userAgent: "staff browser" });
});

/** The newest audit entry of a type, as the page shows it. */
async function latest(type: string) {
  const { items } = await listAuditLog({ organizationId, limit: 100 });
  const item = items.find((entry) => entry.type === type);
  if (!item) throw new Error(`No ${type} in the audit log`);
  return item;
}
const detail = (item: Awaited<ReturnType<typeof latest>>, label: string) =>
  item.description.details.find(([name]) => name === label)?.[1];

describe("audit log", () => {
  let formId: string;
  let audienceId: string;

  it("records forms and audiences created, renamed and published, with the consent text's hash", async () => {
    const audience = await createAudience({ organizationId, input: { name: "Deals" }, actor });
    audienceId = audience.id;
    expect((await latest("audience.created")).description.title).toBe("Created audience “Deals”");

    await updateAudience({
      organizationId,
      audienceId,
      input: { name: "Weekly deals", description: "" },
      actor,
    });
    const renamed = await latest("audience.updated");
    expect(detail(renamed, "name")).toBe("Deals → Weekly deals");
    expect(renamed.actorName).toContain(account.user.email);

    const form = await createForm({
      organizationId,
      input: { name: "Shop form", audienceId, programName: "Shop Deals", defaultCountry: "US" },
      actor,
    });
    formId = form.id;
    expect((await latest("form.created")).description.title).toBe(
      "Created signup form “Shop form”",
    );

    const first = await publishForm({ organizationId, formId, userId: account.user.id, actor });
    const v1 = await latest("form.published");
    expect(v1.description.title).toBe("Published form “Shop form” (version 1)");
    expect(detail(v1, "Consent text SHA-256")).toBe(first.consentTextSha256);
    expect(v1.ip).toBe("198.51.100.30");

    // A new consent text: the entry says so, with both hashes and the fields that changed.
    const { content } = await getForm({ organizationId, formId });
    const consentText = `${content.consentText} Updated for the summer.`;
    await saveFormDraft({ organizationId, formId, input: { ...content, consentText } });
    await publishForm({ organizationId, formId, userId: account.user.id, actor });
    const v2 = await latest("form.published");
    expect(v2.description.title).toBe(
      "Published version 2 of form “Shop form” with a new consent text",
    );
    expect(detail(v2, "Consent text SHA-256")).toBe(sha256Hex(consentText));
    expect(detail(v2, "Replaces")).toBe(
      `version 1 (consent text SHA-256 ${first.consentTextSha256})`,
    );
    expect(detail(v2, "Changed")).toBe("consentText");

    // Only the headline: no "new consent text".
    await saveFormDraft({
      organizationId,
      formId,
      input: { ...content, consentText, headline: "Summer deals by text" },
    });
    await publishForm({ organizationId, formId, userId: account.user.id, actor });
    const v3 = await latest("form.published");
    expect(v3.description.title).toBe("Published version 3 of form “Shop form”");
    expect(detail(v3, "Changed")).toBe("headline");
  });

  it("records form settings with what changed, and nothing when nothing did", async () => {
    const form = await db.signupForm.findUniqueOrThrow({ where: { id: formId } });
    await updateFormSettings({
      organizationId,
      formId,
      input: { name: "Shop form", slug: form.slug, allowedOrigins: ["https://shop.example.com"] },
      actor,
    });
    const changed = await latest("form.settings_changed");
    expect(changed.description.title).toBe(
      "Changed the settings of form “Shop form”: allowedOrigins",
    );
    expect(detail(changed, "allowedOrigins")).toBe("— → https://shop.example.com");

    const before = await db.consentEvent.count({ where: { organizationId } });
    await updateFormSettings({
      organizationId,
      formId,
      input: { name: "Shop form", slug: form.slug, allowedOrigins: ["https://shop.example.com"] },
      actor,
    });
    expect(await db.consentEvent.count({ where: { organizationId } })).toBe(before);
  });

  it("keeps the reason of a staff withdrawal and of a deletion, and refuses a withdrawal without one", async () => {
    const subscriber = await addSubscriber({
      organizationId,
      actor,
      input: {
        audienceId,
        phone: "201 555 0901",
        country: "US",
        originalConsentAt: "2025-06-01T09:30:00Z",
        evidence: "Paper form #901",
        source: "Store",
      },
    });
    const withdraw = (reason?: string) =>
      changeConsent({
        organizationId,
        subscriberId: subscriber.id,
        input: { purpose: "marketing", action: "revoke", reason },
        method: "staff",
        actor,
      });
    await expect(withdraw()).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      fields: { reason: [expect.stringMatching(/^Say why/)] },
    });
    expect(await db.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).toMatchObject({
      status: "CONFIRMED",
    });

    await withdraw("Asked by phone on 3 March");
    const revoked = await latest("marketing.revoked");
    expect(revoked.subscriber?.id).toBe(subscriber.id);
    expect(revoked.description.title).toBe("Withdrew marketing consent by staff");
    expect(detail(revoked, "Reason")).toBe("Asked by phone on 3 March");

    await deleteSubscriber({
      organizationId,
      subscriberId: subscriber.id,
      actor,
      input: { reason: "Duplicate of another record" },
    });
    expect(detail(await latest("subscriber.deleted"), "Reason")).toBe(
      "Duplicate of another record",
    );
  });

  it("leaves every chain intact", async () => {
    const result = await verifyChains({ organizationId });
    expect(result.ok).toBe(true);
  });
});
