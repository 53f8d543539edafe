// Accounts in the browser: return paths after sign-in (8.5), sessions that end at once (8.6),
// failed sign-ins slowed down (8.7), the password policy on the sign-up form (8.8), invitations
// and password reset by mail through the dev mailbox, and removing a member with confirmation
// (10.10, 10.8).
import { expect, test, type Browser } from "./support/test";
import { createPublishedForm, mailedLink, newAccount, signIn, signUp } from "./support/app";

async function signedUpPage(browser: Browser, label: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const account = newAccount(label);
  await signUp(page, account);
  return { context, page, account };
}

test("sign-in returns to the deep link, and never to another site", async ({ browser }) => {
  test.setTimeout(150_000);
  const owner = await signedUpPage(browser, "Deep");
  const form = await createPublishedForm(owner.page, {
    audience: "Deep list",
    form: "Deep form",
    program: "Deep Club",
  });
  expect(
    (
      await owner.page.request.post(`/api/v1/public/forms/${form.slug}/signups`, {
        data: { phone: "2015550741", country: "US", marketingConsent: true },
      })
    ).status(),
  ).toBe(202);
  await owner.page.goto("/dashboard/subscribers");
  await owner.page.getByRole("link", { name: "+1 201 555 0741" }).click();
  await owner.page.waitForURL(/\/dashboard\/subscribers\/\w+$/);
  const proofPath = `/compliance/subscribers/${owner.page.url().split("/").pop()}/proof`;

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(proofPath);
  await expect(visitor).toHaveURL(/\/login\?callbackUrl=/);
  await visitor.getByLabel("Email").fill(owner.account.email);
  await visitor.getByLabel("Password").fill(owner.account.password);
  await visitor.getByRole("button", { name: "Sign in" }).click();
  await visitor.waitForURL((url) => url.pathname === proofPath);
  await expect(visitor.getByRole("heading", { level: 1, name: "Proof of opt-in" })).toBeVisible();
  await expect(visitor.getByText("+1 201 555 0741").first()).toBeVisible();

  for (const callbackUrl of [
    "/%5Cevil.test/x",
    "//evil.test/x",
    "https://evil.test/x",
    "/\\evil.test",
  ]) {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, owner.account, `/login?callbackUrl=${callbackUrl}`);
    await page.waitForURL((url) => url.pathname === "/dashboard");
    expect(new URL(page.url()).host, callbackUrl).toBe(new URL(owner.page.url()).host);
    await page.context().close();
  }
});

test("sign-out and a password change end the old session at once", async ({ browser }) => {
  const { context, page, account } = await signedUpPage(browser, "Session");
  const stolen = await context.storageState();
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page).toHaveURL(/\/login/);
  const replay = await (await browser.newContext({ storageState: stolen })).newPage();
  await replay.goto("/dashboard");
  await expect(replay).toHaveURL(/\/login/);
  expect((await replay.request.get("/compliance/exports/sending-list")).status()).toBe(401);

  // Two browsers signed in; changing the password in one signs the other out.
  const laptop = await (await browser.newContext()).newPage();
  await signIn(laptop, account);
  await laptop.waitForURL(/\/dashboard$/);
  const phone = await (await browser.newContext()).newPage();
  await signIn(phone, account);
  await phone.waitForURL(/\/dashboard$/);
  await laptop.goto("/dashboard/account");
  await laptop.getByLabel("Current password").fill(account.password);
  await laptop.getByLabel("New password").fill("password12");
  await laptop.getByRole("button", { name: "Change password" }).click();
  await expect(laptop.getByText("one of the most common passwords").first()).toBeVisible();
  await expect(laptop.getByLabel("New password")).toBeFocused();
  await laptop.getByLabel("New password").fill("tidal-Quokka-88-lantern");
  await laptop.getByRole("button", { name: "Change password" }).click();
  await expect(laptop.getByText("Password changed.")).toBeVisible();
  await phone.goto("/dashboard");
  await expect(phone).toHaveURL(/\/login/);
});

test("the sign-up form refuses common passwords and says the same for an existing email", async ({
  page,
  browser,
}) => {
  const existing = await signedUpPage(browser, "Taken");
  await page.goto("/signup");
  await page.getByLabel("Your name").fill("Someone");
  await page.getByLabel("Organization").fill("Copycat");
  await page.getByLabel("Work email").fill(existing.account.email);
  await page.getByLabel("Password").fill("aaaaaaaaaa");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("mostly one character repeated").first()).toBeVisible();
  await expect(page.getByLabel("Password")).toBeFocused();
  await expect(page.getByLabel("Work email")).toHaveValue(existing.account.email);
  await page.getByLabel("Password").fill("tidal-Quokka-88-lantern");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText(`We sent a link to ${existing.account.email}`)).toBeVisible();
  // Only the mailbox tells: "you already have an account".
  await mailedLink(page, existing.account.email, "You already have an optline account");
});

test("failed sign-ins slow down that email from that network with a clear message", async ({
  page,
  browser,
}) => {
  const { account } = await signedUpPage(browser, "Slow");
  await page.goto("/login");
  await page.getByLabel("Email").fill(account.email);
  // 5 free failures, then delays of 1, 2, 4… s: on a slow machine an attempt may come after
  // the shorter delays, so keep trying (at most 12) until the refusal shows.
  const tooMany = page.getByText("Too many failed sign-ins. Wait");
  for (let i = 0; i < 12 && !(await tooMany.isVisible()); i++) {
    await page.getByLabel("Password").fill(`wrong-guess-${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  }
  await expect(page.getByText("Too many failed sign-ins. Wait")).toBeVisible();
});

test("an invited person joins through the mailed link; removing a member asks first and signs them out", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const owner = await signedUpPage(browser, "Host");
  const invitee = newAccount("Guest");
  await owner.page.goto("/dashboard/settings/members");
  await owner.page.getByLabel("Email").fill(invitee.email);
  await owner.page.locator("#new-member-role").selectOption("COMPLIANCE");
  await owner.page.getByRole("button", { name: "Invite" }).click();
  await expect(
    owner.page.getByText(`Invitation for ${invitee.email} is in the dev mailbox`),
  ).toBeVisible();
  const copied = (await owner.page.getByTestId("invitation-link").textContent())!.trim();
  await expect(owner.page.getByTestId(`invitation-${invitee.email}`)).toBeVisible();

  const guest = await (await browser.newContext()).newPage();
  const link = await mailedLink(
    guest,
    invitee.email,
    `invited you to ${owner.account.organizationName}`,
  );
  expect(link).toBe(copied);
  await guest.goto(link);
  await expect(
    guest.getByRole("heading", { level: 1, name: `Join ${owner.account.organizationName}` }),
  ).toBeVisible();
  await guest.getByLabel("Your name").fill("Gina Guest");
  await guest.getByLabel("Choose a password").fill(invitee.password);
  await guest.getByRole("button", { name: "Create account and join" }).click();
  await expect(guest).toHaveURL(/\/dashboard$/);
  await expect(
    guest.getByRole("heading", { level: 1, name: owner.account.organizationName }),
  ).toBeVisible();
  // Single use.
  await guest.goto(link);
  await expect(guest.getByText("This invitation was already accepted.")).toBeVisible();

  await owner.page.goto("/compliance/audit-log");
  await expect(owner.page.getByText(`Invited ${invitee.email} as compliance`)).toBeVisible();
  await expect(
    owner.page.getByText(`${invitee.email} accepted the invitation and joined as compliance`),
  ).toBeVisible();

  await owner.page.goto("/dashboard/settings/members");
  const row = owner.page.getByTestId(`member-${invitee.email}`);
  await row.getByRole("button", { name: "Remove" }).click();
  await expect(row.getByText(`Remove ${invitee.email}? They lose access at once`)).toBeFocused();
  await row.getByRole("button", { name: "Cancel" }).click();
  await expect(row.getByRole("button", { name: "Remove" })).toBeFocused();
  await owner.page.reload();
  await expect(row).toBeVisible();
  await row.getByRole("button", { name: "Remove" }).click();
  await row.getByRole("button", { name: "Yes, remove" }).click();
  await expect(owner.page.getByTestId(`member-${invitee.email}`)).toHaveCount(0);
  await guest.goto("/dashboard");
  await expect(guest).toHaveURL(/\/login/);
});

test("password reset by mail: a new password, the old one dead, other sessions ended", async ({
  browser,
}) => {
  const { page: other, account } = await signedUpPage(browser, "Reset");
  const page = await (await browser.newContext()).newPage();
  await page.goto("/login");
  await expect(page.getByRole("link", { name: "Forgot your password?" })).toHaveAttribute(
    "href",
    "/forgot-password",
  );
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(account.email);
  await page.getByRole("button", { name: "Send me a link" }).click();
  await expect(page.getByText(`If an optline account uses ${account.email}`)).toBeVisible();
  await page.goto(await mailedLink(page, account.email, "Reset your optline password"));
  await page.getByLabel("New password").fill("new-Garden-hose-2031");
  await page.getByRole("button", { name: "Save and sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await other.goto("/dashboard");
  await expect(other).toHaveURL(/\/login/);
  await signIn(other, account);
  await expect(other.getByText("Wrong email or password")).toBeVisible();
});
