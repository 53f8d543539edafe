// Steps shared by the specs. Each spec signs up its own organization, so specs never share data.
import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";

export interface TestAccount {
  email: string;
  password: string;
  organizationName: string;
}

export function newAccount(label: string): TestAccount {
  const suffix = randomBytes(4).toString("hex");
  return {
    email: `${label.toLowerCase()}-${suffix}@example.test`,
    password: "correct horse battery staple",
    organizationName: `${label} ${suffix}`,
  };
}

/**
 * Signs up as a person does: the form, the emailed link (read in the dev mailbox, which the
 * server started by Playwright keeps for MAIL_PROVIDER=dev), the password again; ends signed
 * in on the new organization's dashboard.
 */
export async function signUp(page: Page, account: TestAccount): Promise<void> {
  await page.goto("/signup");
  await page.getByLabel("Your name").fill("Test Owner");
  await page.getByLabel("Organization").fill(account.organizationName);
  await page.getByLabel("Work email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText(`We sent a link to ${account.email}`)).toBeVisible();
  await page.goto(await mailedLink(page, account.email, "Finish creating your optline account"));
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Create my account" }).click();
  // Three password hashes (sign-up, link, sign-in) on a busy 2-core machine: allow the time.
  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 30_000 });
  await expect(
    page.getByRole("heading", { level: 1, name: account.organizationName }),
  ).toBeVisible();
}

/**
 * The link in the newest dev-mailbox mail to `to` with this subject. Read over HTTP (the
 * mailbox is a plain server-rendered page), polling briefly: mail is stored before the form
 * answers, but a busy machine is slow.
 */
export async function mailedLink(page: Page, to: string, subject: string): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(
      async () => {
        // The dev mailbox opens only for this machine (see e2e/support/test.ts for the header).
        const html = await (
          await page.request.get("/dev/mailbox", { headers: { "X-Forwarded-For": "127.0.0.1" } })
        ).text();
        const mail = html
          .split('data-testid="dev-mail"')
          .slice(1)
          .find((chunk) => chunk.includes(`To ${to}<`) && chunk.includes(subject));
        link = /href="([^"]+)"/.exec(mail ?? "")?.[1]?.replaceAll("&amp;", "&");
        return link;
      },
      { timeout: 20_000 },
    )
    .toBeTruthy();
  return link!;
}

/** Signs in through the form, optionally from a deep link. */
export async function signIn(page: Page, account: TestAccount, from = "/login"): Promise<void> {
  await page.goto(from);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in through next-auth's own endpoints (no UI), as API clients do. */
export async function signInByApi(page: Page, account: TestAccount): Promise<void> {
  const csrf = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await page.request.post("/api/auth/callback/credentials", {
    form: {
      csrfToken: csrf.csrfToken,
      email: account.email,
      password: account.password,
      json: "true",
    },
  });
  expect(response.ok()).toBe(true);
}

/** Creates an audience and a form through the dashboard and publishes it; returns ids and slug. */
export async function createPublishedForm(
  page: Page,
  names: { audience: string; form: string; program: string },
) {
  const { audienceId, formId } = await createDraftForm(page, names);
  await fillPublishingDetails(page);
  await page.getByRole("button", { name: "Publish version 1" }).click();
  // Publishing checks and writes the version and its evidence: slow on a busy 2-core machine.
  await expect(page.getByText("Published version 1.")).toBeVisible({ timeout: 30_000 });
  const slug = (await page.getByLabel("Address").inputValue()).trim();
  return { audienceId, formId, slug };
}

/** A new audience and a new form in it, left on the form's editor with its default draft. */
export async function createDraftForm(
  page: Page,
  names: { audience: string; form: string; program: string },
) {
  await page.goto("/dashboard/audiences");
  await page.getByLabel("Name").fill(names.audience);
  await page.getByRole("button", { name: "Create audience" }).click();
  await page.waitForURL(/\/dashboard\/audiences\/\w+$/);
  await expect(page.getByRole("heading", { level: 1, name: names.audience })).toBeVisible();
  const audienceId = page.url().split("/").pop()!;

  await page.goto(`/dashboard/forms?audienceId=${audienceId}`);
  await page.getByLabel("Form name").fill(names.form);
  await page.getByLabel("Program name").fill(names.program);
  await page.getByRole("button", { name: "Create form" }).click();
  await page.waitForURL(/\/dashboard\/forms\/\w+$/);
  await expect(page.getByRole("heading", { level: 1, name: names.form })).toBeVisible();
  const formId = page.url().split("/").pop()!;
  return { audienceId, formId };
}

/** What a new form needs before it may be published: a real HELP contact, terms and privacy links. */
export async function fillPublishingDetails(page: Page): Promise<void> {
  await page
    .getByLabel("Reply to HELP")
    .fill("{program}: Help at help@acmedeals.shop. {frequency} {rates} Reply STOP to cancel.");
  await page.getByLabel("Terms URL").fill("https://acmedeals.shop/sms-terms");
  await page.getByLabel("Privacy policy URL").fill("https://acmedeals.shop/privacy");
  await expect(page.getByText("Content checks passed")).toBeVisible();
}

/** The code in the Dev phone's text "… 123 456 (code N of today) …" to this number. */
export async function codeFromDevPhone(
  page: Page,
  phone: string,
  sequence: number,
): Promise<string> {
  await page.goto(`/dashboard/dev-phone?phone=${encodeURIComponent(phone)}`);
  const conversation = page.getByTestId("conversation");
  await expect(conversation).toContainText(`(code ${sequence} of today)`);
  const text = await conversation.innerText();
  const pattern = new RegExp(`(\\d{3}) (\\d{3}) \\(code ${sequence} of today\\)`);
  const match = pattern.exec(text);
  expect(match).not.toBeNull();
  return `${match![1]}${match![2]}`;
}

/**
 * Opens a form's editor once React has hydrated it. Typing into a field before then can be
 * misplaced: in one CI run hydration re-rendered the confirmation text mid-fill, and the typed
 * text landed in front of the old one.
 */
export async function openFormEditor(page: Page, formId: string): Promise<void> {
  await page.goto(`/dashboard/forms/${formId}`);
  await page.waitForFunction(() => {
    const field = document.querySelector("main textarea");
    return field !== null && Object.keys(field).some((key) => key.startsWith("__reactProps"));
  });
}

/** Switches a form to confirmation by code (5-minute codes) and publishes version 2. */
export async function switchFormToCode(page: Page, formId: string): Promise<void> {
  await openFormEditor(page, formId);
  await page.getByLabel("Confirm by").selectOption("CODE");
  await page.getByLabel("Code expires after").selectOption("5");
  await expect(page.getByLabel("Confirmation SMS (sent once the code is right)")).toHaveValue(
    /You're subscribed/,
  );
  await page.getByRole("button", { name: "Publish version 2" }).click();
  await expect(page.getByText("Published version 2.")).toBeVisible();
}
