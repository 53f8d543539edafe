// Owners can take "double opt-in by optline" off their hosted forms: the switch is audited,
// is read with the form on every view (so no server shows a stale footer), and touches only
// the owner's own organization.
import { beforeAll, describe, expect, it } from "vitest";
import { listAuditLog } from "@/lib/compliance/list-audit-log";
import { userActor } from "@/lib/consent-events/actor";
import { verifyChains } from "@/lib/consent-events/verify-chain";
import { getPublishedForm } from "@/lib/forms/get-published-form";
import {
  getOrganizationBranding,
  setOrganizationBranding,
} from "@/lib/organizations/organization-branding";
import { showPublicForm } from "@/lib/public-form/show-public-form";
import { createEnrollmentFormFixture, createPublishedFormFixture } from "../support/factories";

type Fixture = Awaited<ReturnType<typeof createPublishedFormFixture>>;
let brand: Fixture;
let other: Fixture;
let actor: ReturnType<typeof userActor>;

beforeAll(async () => {
  brand = await createPublishedFormFixture({ label: "Brand" });
  other = await createPublishedFormFixture({ label: "Other" });
  actor = userActor(brand.account.user, { ip: "198.51.100.44", userAgent: "owner browser" });
});

async function hostedPage(slug: string): Promise<string> {
  const response = await showPublicForm(slug, new Request(`http://localhost/f/${slug}`));
  expect(response.status).toBe(200);
  return response.text();
}

describe("optline branding on hosted forms", () => {
  it("is shown by default, in the footer and the title", async () => {
    expect(await getOrganizationBranding({ organizationId: brand.organizationId })).toEqual({
      showPoweredBy: true,
    });
    const page = await hostedPage(brand.form.slug);
    expect(page).toMatch(
      /<footer class="olf-footer">Acme Deals · <a [^>]+>Your privacy choices<\/a> · double opt-in by optline<\/footer>/,
    );
    expect(page).toMatch(/<title>[^<]+ · optline<\/title>/);
  });

  it("turned off by an owner: gone from the next view, recorded in the audit log", async () => {
    expect(await getPublishedForm(brand.form.slug)).toMatchObject({ showPoweredBy: true });
    const result = await setOrganizationBranding({
      organizationId: brand.organizationId,
      showPoweredBy: false,
      actor,
    });
    expect(result).toEqual({ changed: true });

    // The form's version is cached in memory; the setting is not part of it.
    expect(await getPublishedForm(brand.form.slug)).toMatchObject({ showPoweredBy: false });
    const page = await hostedPage(brand.form.slug);
    expect(page).not.toContain("by optline");
    expect(page).toMatch(/<title>[^<]+<\/title>/);
    expect(page).not.toMatch(/<title>[^<]*optline[^<]*<\/title>/);
    expect(page).toMatch(
      /<footer class="olf-footer">Acme Deals · <a [^>]+>Your privacy choices<\/a><\/footer>/,
    );

    const { items } = await listAuditLog({ organizationId: brand.organizationId });
    const entry = items.find((item) => item.type === "organization.branding_changed");
    expect(entry?.description.title).toBe(
      "Turned off the “double opt-in by optline” footer on hosted forms",
    );
    expect(entry?.ip).toBe("198.51.100.44");
    expect(entry?.actorName).toContain(brand.account.user.email);
    expect((await verifyChains({ organizationId: brand.organizationId })).ok).toBe(true);
  });

  it("leaves other organizations' forms alone", async () => {
    expect(await hostedPage(other.form.slug)).toContain("double opt-in by optline");
    const { items } = await listAuditLog({ organizationId: other.organizationId });
    expect(items.some((item) => item.type === "organization.branding_changed")).toBe(false);
  });

  it("records nothing when the value does not change, and can be turned back on", async () => {
    const count = async () =>
      (await listAuditLog({ organizationId: brand.organizationId })).items.filter(
        (item) => item.type === "organization.branding_changed",
      ).length;
    const before = await count();
    expect(
      await setOrganizationBranding({
        organizationId: brand.organizationId,
        showPoweredBy: false,
        actor,
      }),
    ).toEqual({ changed: false });
    expect(await count()).toBe(before);

    await setOrganizationBranding({
      organizationId: brand.organizationId,
      showPoweredBy: true,
      actor,
    });
    expect(await count()).toBe(before + 1);
    expect(await hostedPage(brand.form.slug)).toContain("double opt-in by optline");
  });

  it("applies to enrollment forms too (read by their React page)", async () => {
    const enrollment = await createEnrollmentFormFixture("BrandApp");
    await setOrganizationBranding({
      organizationId: enrollment.organizationId,
      showPoweredBy: false,
      actor: userActor(enrollment.account.user, { ip: null, userAgent: null }),
    });
    expect(await getPublishedForm(enrollment.form.slug)).toMatchObject({ showPoweredBy: false });
  });
});
