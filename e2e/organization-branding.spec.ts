// An owner takes "double opt-in by optline" off the organization's hosted forms: the next
// visitor sees neither the footer nor the "· optline" title suffix, and the audit log says who
// did it. A marketer sees the setting but cannot change it.
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

test("owners turn optline's branding off on hosted forms; marketers cannot", async ({
  browser,
}) => {
  test.setTimeout(180_000); // two accounts, an invitation and a published form
  const owner = await member(browser, "Brand");
  const marketer = await member(browser, "BrandMarketer");
  const { slug } = await createPublishedForm(owner.page, {
    audience: "Brand list",
    form: "Brand form",
    program: "Brand Club",
  });

  const visitor = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await visitor.goto(`/f/${slug}`);
  await expect(visitor.locator("footer")).toHaveText(
    "Brand Club · Your privacy choices · double opt-in by optline",
  );
  await expect(visitor).toHaveTitle(/ · optline$/);

  // The marketer joins and finds the setting, read-only.
  await owner.page.goto("/dashboard/settings/members");
  await owner.page.getByLabel("Email").fill(marketer.account.email);
  await owner.page.locator("#new-member-role").selectOption("MARKETER");
  await owner.page.getByRole("button", { name: "Invite" }).click();
  await expect(owner.page.getByTestId(`invitation-${marketer.account.email}`)).toBeVisible();
  await marketer.page.goto(
    await mailedLink(marketer.page, marketer.account.email, "invited you to"),
  );
  await marketer.page
    .getByRole("button", { name: `Accept and join ${owner.account.organizationName}` })
    .click();
  await expect(marketer.page).toHaveURL(/\/dashboard$/);
  await marketer.page
    .getByLabel("Organization")
    .selectOption({ label: owner.account.organizationName });
  await expect(
    marketer.page.getByRole("heading", { level: 1, name: owner.account.organizationName }),
  ).toBeVisible();
  await marketer.page.getByRole("link", { name: "Organization", exact: true }).click();
  await expect(marketer.page.getByTestId("branding-state")).toContainText("Shown");
  await expect(marketer.page.getByText("Only owners can change this.")).toBeVisible();
  await expect(marketer.page.getByRole("button", { name: /optline branding/ })).toHaveCount(0);

  // The owner turns it off.
  await owner.page.goto("/dashboard/settings/organization");
  await owner.page.getByRole("button", { name: "Hide optline branding" }).click();
  await expect(owner.page.getByText("Saved.")).toBeVisible();
  await expect(owner.page.getByTestId("branding-state")).toContainText("Hidden");
  await expect(owner.page.getByRole("button", { name: "Show optline branding" })).toBeVisible();

  await visitor.goto(`/f/${slug}`);
  await expect(visitor.locator("footer")).toHaveText("Brand Club · Your privacy choices");
  await expect(visitor).not.toHaveTitle(/optline/);
  await expect(visitor.getByText(/by optline/)).toHaveCount(0);

  await owner.page.goto("/compliance/audit-log");
  await expect(
    owner.page.getByText("Turned off the “double opt-in by optline” footer on hosted forms"),
  ).toBeVisible();
});
