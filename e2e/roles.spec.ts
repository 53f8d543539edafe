// Roles in the browser: an owner invites a marketer and a compliance officer, who accept; the compliance
// officer sees evidence and changes nothing; the marketer cannot delete; the audit log
// shows who changed what.
import { expect, test, type Browser, type Page } from "./support/test";
import {
  createPublishedForm,
  mailedLink,
  newAccount,
  signUp,
  type TestAccount,
} from "./support/app";

async function member(
  browser: Browser,
  label: string,
): Promise<{ page: Page; account: TestAccount }> {
  const page = await (await browser.newContext()).newPage();
  const account = newAccount(label);
  await signUp(page, account);
  return { page, account };
}

async function switchTo(page: Page, organizationName: string) {
  await page.goto("/dashboard");
  await page.getByLabel("Organization").selectOption({ label: organizationName });
  await expect(page.getByRole("heading", { level: 1, name: organizationName })).toBeVisible();
}

test("compliance reads and changes nothing, marketers cannot delete, role changes are audited", async ({
  browser,
}) => {
  test.setTimeout(180_000); // three accounts and a published form
  const owner = await member(browser, "Owner");
  const compliance = await member(browser, "Auditor");
  const marketer = await member(browser, "Marketer");

  await createPublishedForm(owner.page, {
    audience: "Roles list",
    form: "Roles form",
    program: "Roles Club",
  });
  const slug = (await owner.page.getByLabel("Address").inputValue()).trim();
  expect(
    (
      await owner.page.request.post(`/api/v1/public/forms/${slug}/signups`, {
        data: { phone: "2015550811", country: "US", marketingConsent: true },
      })
    ).status(),
  ).toBe(202);

  await owner.page.goto("/dashboard/settings/members");
  for (const [invitee, role] of [
    [compliance, "MARKETER"],
    [marketer, "MARKETER"],
  ] as const) {
    await owner.page.getByLabel("Email").fill(invitee.account.email);
    await owner.page.locator("#new-member-role").selectOption(role);
    await owner.page.getByRole("button", { name: "Invite" }).click();
    await expect(owner.page.getByTestId(`invitation-${invitee.account.email}`)).toBeVisible();
    // The invitee, signed in, opens the mailed link and accepts.
    await invitee.page.goto(
      await mailedLink(invitee.page, invitee.account.email, "invited you to"),
    );
    await invitee.page
      .getByRole("button", { name: `Accept and join ${owner.account.organizationName}` })
      .click();
    await expect(invitee.page).toHaveURL(/\/dashboard$/);
  }
  await owner.page.reload();
  for (const invitee of [compliance, marketer])
    await expect(owner.page.getByTestId(`member-${invitee.account.email}`)).toBeVisible();
  const row = owner.page.getByTestId(`member-${compliance.account.email}`);
  await row.getByLabel("Role").selectOption("COMPLIANCE");
  await row.getByRole("button", { name: "Change" }).click();
  // Leaving before the action has answered would cancel it.
  await expect(row.getByText("Role changed.")).toBeVisible();
  await expect(row.getByLabel("Role")).toHaveValue("COMPLIANCE");
  await owner.page.goto("/compliance/audit-log");
  await expect(
    owner.page.getByText(`Changed ${compliance.account.email} from marketer to compliance`),
  ).toBeVisible();

  // Compliance: evidence yes, changes no.
  const c = compliance.page;
  await switchTo(c, owner.account.organizationName);
  await c.goto("/compliance");
  await expect(c.getByTestId("chain-badge")).toContainText("Chain intact");
  await c.goto("/dashboard/audiences");
  await expect(c.getByRole("heading", { name: "New audience" })).toHaveCount(0);
  await c.goto("/dashboard/subscribers");
  await expect(c.getByRole("link", { name: "Add or import" })).toHaveCount(0);
  await c.getByRole("link", { name: "+1 201 555 0811" }).click();
  await c.waitForURL(/\/dashboard\/subscribers\/\w+$/);
  await expect(c.getByRole("link", { name: "Proof of opt-in" })).toBeVisible();
  await expect(c.getByRole("heading", { name: "Staff actions" })).toHaveCount(0);
  for (const path of [
    "/dashboard/settings/members",
    "/dashboard/settings/api-keys",
    "/dashboard/subscribers/new",
    "/dashboard/dev-phone",
  ]) {
    expect((await c.goto(path))?.status(), path).toBe(404);
  }

  // Marketer: can edit, cannot delete.
  const m = marketer.page;
  await switchTo(m, owner.account.organizationName);
  await m.goto("/dashboard/subscribers");
  await m.getByRole("link", { name: "+1 201 555 0811" }).click();
  await m.waitForURL(/\/dashboard\/subscribers\/\w+$/);
  await expect(m.getByRole("heading", { name: "Staff actions" })).toBeVisible();
  await expect(m.getByRole("button", { name: "Delete subscriber" })).toHaveCount(0);
  expect((await m.goto("/dashboard/settings/members"))?.status()).toBe(404);
});
