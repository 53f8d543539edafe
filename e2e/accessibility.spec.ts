// axe-core at zero violations on every page the app serves: the sign-in pages, every dashboard
// and compliance page (with data on them), the dev mailbox, the not-found pages and the
// enrollment form. The public signup form (hosted, embedded, each state) is checked in
// e2e/public-form.spec.ts. A guard reads app/ so a new page without a check here fails.
import { readdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "./support/test";
import {
  createPublishedForm,
  fillPublishingDetails,
  mailedLink,
  newAccount,
  signIn,
  signUp,
  type TestAccount,
} from "./support/app";

/** Each page file under app/ and the address the check visits for it. */
type Visit = {
  file: string;
  url: string;
  signedOut?: boolean;
  devMachine?: boolean;
  /**
   * Takes out iframes sandboxed without scripts before the check: axe cannot run inside them
   * (its injection waits forever): the editor's preview of the public form page and the form
   * on the opt-in evidence page, which e2e/public-form.spec.ts checks in every state.
   */
  skipSandboxedIframes?: boolean;
  /** Runs before the visit, on the page that visits. */
  prepare?: (page: Page) => Promise<void>;
};

/** Route handlers that answer with an HTML page of their own (plain HTML, not React). */
const HTML_ROUTES = [
  "app/f/[slug]/opt-in-evidence/route.ts",
  "app/p/[slug]/route.ts",
  "app/p/[slug]/w/[token]/route.ts",
];

/** Files under app/ with no page of their own to check, and why. */
const EXCLUDED: Record<string, string> = {
  "app/page.tsx": "only redirects (to /dashboard or /login), renders nothing",
};

function pageFiles(folder = "app"): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.posix.join(folder, entry.name);
    if (entry.isDirectory()) return pageFiles(full);
    return entry.name === "page.tsx" || entry.name === "not-found.tsx" ? [full] : [];
  });
}

async function expectNoAxeViolations(page: Page, label: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const found = violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id}: ${node.target.join(" ")} (${violation.help})`),
  );
  expect.soft(found, `axe violations on ${label}`).toEqual([]);
}

/** Everything the pages need to show content: an organization with forms, a subscriber, … */
async function buildData(browser: Browser) {
  const owner = await (await browser.newContext()).newPage();
  const account = newAccount("Axe");
  await signUp(owner, account);
  const { audienceId, formId, slug } = await createPublishedForm(owner, {
    audience: "Axe list",
    form: "Axe form",
    program: "Axe Deals",
  });

  // A subscriber, through the public form as a visitor posts it.
  const signup = await owner.request.post(`/f/${slug}`, {
    form: { step: "signup", phone: "201 555 0190", country: "US", marketingConsent: "yes" },
  });
  expect(signup.status()).toBe(202);
  await owner.goto("/dashboard/subscribers");
  await owner.getByRole("link", { name: /\+1 201 555 0190/ }).click();
  await owner.waitForURL(/\/dashboard\/subscribers\/\w+$/);
  const subscriberId = owner.url().split("/").pop()!;

  // The organization's privacy portal, from the hosted form's footer.
  const hosted = await owner.request.get(`/f/${slug}`);
  const portalPath = /href="(\/p\/[^"?]+)/.exec(await hosted.text())![1]!;

  // An enrollment (2FA) form, served by /f/<slug>/enroll.
  await owner.goto(`/dashboard/forms?audienceId=${audienceId}`);
  await owner.getByLabel("Form name").fill("Axe login check");
  await owner.getByLabel("Kind").selectOption("ENROLLMENT");
  await owner.getByLabel("Program name").fill("Axe App");
  await owner.getByRole("button", { name: "Create form" }).click();
  await owner.waitForURL(/\/dashboard\/forms\/\w+$/);
  await fillPublishingDetails(owner);
  await owner.getByRole("button", { name: "Publish version 1" }).click();
  await expect(owner.getByText("Published version 1.")).toBeVisible({ timeout: 30_000 });
  const enrollSlug = (await owner.getByLabel("Address").inputValue()).trim();

  // A webhook endpoint, for its detail page.
  await owner.goto("/dashboard/settings/webhooks");
  await owner.getByLabel("Endpoint URL").fill("http://127.0.0.1:9/hooks");
  await owner.getByRole("button", { name: "Add endpoint" }).click();
  await expect(owner.getByTestId("webhook-secret")).toBeVisible();
  const endpointHref = await owner
    .locator('a[href^="/dashboard/settings/webhooks/"]')
    .first()
    .getAttribute("href");

  // An erasure request waiting for approval, so the queue shows its decision buttons.
  await owner.goto("/compliance/privacy-requests");
  await owner.getByLabel("Number").fill("+1 201 555 0199");
  await owner.getByRole("button", { name: "Log request" }).click();
  await expect(owner.getByRole("button", { name: "Approve erasure" })).toBeVisible();

  // An open invitation, and a password-reset and a sign-up link from the dev mailbox.
  await owner.goto("/dashboard/settings/members");
  const invitee = newAccount("AxeGuest");
  await owner.getByLabel("Email").fill(invitee.email);
  await owner.getByRole("button", { name: "Invite" }).click();
  const invitation = (await owner.getByTestId("invitation-link").textContent())!.trim();

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto("/forgot-password");
  await visitor.getByLabel("Email").fill(account.email);
  await visitor.getByRole("button", { name: /Send/ }).click();
  const reset = await mailedLink(visitor, account.email, "Reset your optline password");

  const newcomer = newAccount("AxeNew");
  await visitor.goto("/signup");
  await visitor.getByLabel("Your name").fill("New Person");
  await visitor.getByLabel("Organization").fill(newcomer.organizationName);
  await visitor.getByLabel("Work email").fill(newcomer.email);
  await visitor.getByLabel("Password").fill(newcomer.password);
  await visitor.getByRole("button", { name: "Create account" }).click();
  await expect(visitor.getByText(`We sent a link to ${newcomer.email}`)).toBeVisible();
  const confirm = await mailedLink(visitor, newcomer.email, "Finish creating your optline account");
  await visitor.close();

  return {
    owner,
    audienceId,
    formId,
    slug,
    subscriberId,
    portalPath,
    enrollSlug,
    endpointHref: endpointHref!,
    invitation,
    invitee,
    reset,
    confirm,
  };
}

/** Joins through the invitation, is removed by the owner, signs in again: in no organization. */
async function becomeFormerMember(
  page: Page,
  owner: Page,
  invitation: string,
  invitee: TestAccount,
) {
  await page.goto(invitation);
  await page.getByLabel("Your name").fill("Gina Guest");
  await page.getByLabel("Choose a password").fill(invitee.password);
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 30_000 });
  await owner.goto("/dashboard/settings/members");
  const row = owner.getByTestId(`member-${invitee.email}`);
  await row.getByRole("button", { name: "Remove" }).click();
  await row.getByRole("button", { name: "Yes, remove" }).click();
  await expect(owner.getByTestId(`member-${invitee.email}`)).toHaveCount(0);
  await signIn(page, invitee);
  await expect(page).toHaveURL(/\/welcome$/, { timeout: 30_000 });
}

test("every page passes axe-core with zero violations", async ({ browser }) => {
  test.setTimeout(600_000); // ~40 pages with data, on a busy 2-core machine
  const data = await buildData(browser);
  const relative = (link: string) => new URL(link).pathname + new URL(link).search;

  const visits: Visit[] = [
    { file: "app/login/page.tsx", url: "/login", signedOut: true },
    { file: "app/signup/page.tsx", url: "/signup", signedOut: true },
    { file: "app/signup/confirm/page.tsx", url: relative(data.confirm), signedOut: true },
    { file: "app/forgot-password/page.tsx", url: "/forgot-password", signedOut: true },
    { file: "app/reset-password/page.tsx", url: relative(data.reset), signedOut: true },
    { file: "app/invite/[token]/page.tsx", url: relative(data.invitation), signedOut: true },
    { file: "app/dashboard/page.tsx", url: "/dashboard" },
    { file: "app/dashboard/audiences/page.tsx", url: "/dashboard/audiences" },
    {
      file: "app/dashboard/audiences/[audienceId]/page.tsx",
      url: `/dashboard/audiences/${data.audienceId}`,
    },
    { file: "app/dashboard/forms/page.tsx", url: "/dashboard/forms" },
    {
      file: "app/dashboard/forms/[formId]/page.tsx",
      url: `/dashboard/forms/${data.formId}`,
      skipSandboxedIframes: true,
    },
    { file: "app/dashboard/subscribers/page.tsx", url: "/dashboard/subscribers" },
    {
      file: "app/dashboard/subscribers/[subscriberId]/page.tsx",
      url: `/dashboard/subscribers/${data.subscriberId}`,
    },
    { file: "app/dashboard/subscribers/new/page.tsx", url: "/dashboard/subscribers/new" },
    { file: "app/dashboard/dev-phone/page.tsx", url: "/dashboard/dev-phone?phone=%2B12015550190" },
    { file: "app/dashboard/risk/page.tsx", url: "/dashboard/risk" },
    { file: "app/dashboard/failures/page.tsx", url: "/dashboard/failures" },
    { file: "app/dashboard/settings/members/page.tsx", url: "/dashboard/settings/members" },
    { file: "app/dashboard/settings/api-keys/page.tsx", url: "/dashboard/settings/api-keys" },
    { file: "app/dashboard/settings/webhooks/page.tsx", url: "/dashboard/settings/webhooks" },
    { file: "app/dashboard/settings/webhooks/[endpointId]/page.tsx", url: data.endpointHref },
    { file: "app/dashboard/settings/privacy/page.tsx", url: "/dashboard/settings/privacy" },
    {
      file: "app/dashboard/settings/organization/page.tsx",
      url: "/dashboard/settings/organization",
    },
    { file: "app/dashboard/settings/senders/page.tsx", url: "/dashboard/settings/senders" },
    { file: "app/dashboard/account/page.tsx", url: "/dashboard/account" },
    { file: "app/dashboard/registration/page.tsx", url: "/dashboard/registration" },
    { file: "app/compliance/page.tsx", url: "/compliance" },
    { file: "app/compliance/audit-log/page.tsx", url: "/compliance/audit-log" },
    { file: "app/compliance/exports/page.tsx", url: "/compliance/exports" },
    { file: "app/compliance/privacy-requests/page.tsx", url: "/compliance/privacy-requests" },
    {
      file: "app/compliance/subscribers/[subscriberId]/proof/page.tsx",
      url: `/compliance/subscribers/${data.subscriberId}/proof`,
    },
    { file: "app/dev/mailbox/page.tsx", url: "/dev/mailbox", devMachine: true },
    { file: "app/f/[slug]/enroll/page.tsx", url: `/f/${data.enrollSlug}/enroll` },
    {
      // The form inside it is the public form page, checked in e2e/public-form.spec.ts.
      file: "app/f/[slug]/opt-in-evidence/route.ts",
      url: `/f/${data.slug}/opt-in-evidence`,
      signedOut: true,
      skipSandboxedIframes: true,
    },
    { file: "app/not-found.tsx", url: "/no-such-page" },
    { file: "app/f/[slug]/not-found.tsx", url: "/f/no-such-form-here" },
    // The privacy portal (route handlers, plain HTML): the states a stranger reaches; the code
    // step, the overview and what follows are checked in e2e/portal.spec.ts.
    { file: "app/p/[slug]/route.ts", url: data.portalPath, signedOut: true },
    {
      file: "app/p/[slug]/w/[token]/route.ts",
      url: `${data.portalPath}/w/not-a-token`,
      signedOut: true,
    },
    { file: "app/p/[slug]/route.ts (unknown)", url: "/p/no-such-organization", signedOut: true },
    // Last: the invitation is used up here.
    {
      file: "app/welcome/page.tsx",
      url: "/welcome",
      signedOut: true,
      prepare: (page) => becomeFormerMember(page, data.owner, data.invitation, data.invitee),
    },
  ];

  // The guard: every page file is checked here or excluded with a reason.
  const checkedFiles = new Set(visits.map((visit) => visit.file.replace(/ \(.*\)$/, "")));
  expect([...checkedFiles, ...Object.keys(EXCLUDED)].sort()).toEqual(
    [...pageFiles(), ...HTML_ROUTES].sort(),
  );

  const signedOut = await browser.newContext();
  const devMachine = await browser.newContext({
    // The dev mailbox opens only for this machine (see e2e/support/test.ts for the header).
    extraHTTPHeaders: { "X-Forwarded-For": "127.0.0.1" },
  });
  for (const visit of visits) {
    const page = visit.signedOut
      ? await signedOut.newPage()
      : visit.devMachine
        ? await devMachine.newPage()
        : data.owner;
    await visit.prepare?.(page);
    await page.goto(visit.url);
    // "load", not "networkidle": the Dev phone and the editor's preview keep polling.
    await page.waitForLoadState("load");
    if (visit.skipSandboxedIframes) {
      // The preview mounts after hydration, which can come after "load": wait for it first.
      await page.locator("iframe[sandbox]").first().waitFor({ state: "attached" });
      await page.evaluate(() =>
        document.querySelectorAll("iframe[sandbox]").forEach((frame) => frame.remove()),
      );
    }
    await expectNoAxeViolations(page, `${visit.url} (${visit.file})`);
    if (page !== data.owner) await page.close();
  }
  await signedOut.close();
  await devMachine.close();
  await data.owner.close();
});
