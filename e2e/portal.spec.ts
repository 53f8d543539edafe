// The privacy portal in a browser: a person follows the link in a hosted form's footer,
// proves the number with the code the Dev phone shows, sees both lists, withdraws one,
// downloads the PDF proof and asks for erasure, which staff approve in the requests queue.
// Every state passes axe-core (the states that need no code are also in
// accessibility.spec.ts). Bad links and slugs get a clear page.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "./support/test";
import { codeFromDevPhone, createPublishedForm, newAccount, signUp } from "./support/app";

async function expectNoAxeViolations(page: Page, label: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const found = violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id}: ${node.target.join(" ")} (${violation.help})`),
  );
  expect.soft(found, `axe violations on ${label}`).toEqual([]);
}

test("a person proves the number, sees two lists, withdraws one and downloads the proof", async ({
  page,
  browser,
}) => {
  test.setTimeout(480_000); // two published forms, a PDF and an erasure, on a busy machine
  await signUp(page, newAccount("PortalOwner"));
  const deals = await createPublishedForm(page, {
    audience: "Deals list",
    form: "Deals form",
    program: "Portal Deals",
  });
  const news = await createPublishedForm(page, {
    audience: "News list",
    form: "News form",
    program: "Portal News",
  });
  for (const slug of [deals.slug, news.slug]) {
    const signup = await page.request.post(`/api/v1/public/forms/${slug}/signups`, {
      data: { phone: "2015550161", country: "US", marketingConsent: true },
    });
    expect(signup.status()).toBe(202);
  }

  // The person, in a browser of their own, from the hosted form's footer.
  const personContext = await browser.newContext({ acceptDownloads: true });
  const person = await personContext.newPage();
  await person.goto(`/f/${deals.slug}`);
  await person.getByRole("link", { name: "Your privacy choices" }).click();
  await expect(person.getByRole("heading", { level: 1 })).toContainText("Your texts from");
  const portalPath = new URL(person.url()).pathname;
  await expectNoAxeViolations(person, "portal: number step");

  await person.getByLabel("Country").selectOption("US");
  await person.getByLabel("Mobile number").fill("201 555 0161");
  await person.getByRole("button", { name: "Text me a code" }).click();
  await expect(person.getByRole("heading", { level: 1, name: "Enter the code" })).toBeVisible();
  await expectNoAxeViolations(person, "portal: code step");

  // A wrong code: said so, still on the code step, nothing opened.
  await person.getByLabel("6-digit code").fill("000000");
  await person.getByRole("button", { name: "Verify" }).click();
  await expect(person.getByTestId("code-error")).toHaveText("That code isn't right.");
  await expect(person.getByLabel("6-digit code")).toBeFocused();
  await expectNoAxeViolations(person, "portal: wrong code");

  // The right one, as the Dev phone shows it. A wrong code used up a try on the same code.
  const code = await codeFromDevPhone(page, "+12015550161", 1);
  await person.getByLabel("6-digit code").fill(code);
  await person.getByRole("button", { name: "Verify" }).click();
  await expect(person.getByRole("heading", { level: 1 })).toContainText("Your lists at");
  const lists = person.getByTestId("portal-list");
  await expect(lists).toHaveCount(2);
  await expect(lists.nth(0)).toContainText("Deals list");
  await expect(lists.nth(1)).toContainText("News list");
  await expect(lists.nth(0)).toContainText("Signed up on the form “Deals form”");
  await expectNoAxeViolations(person, "portal: overview");

  // Withdraw marketing for the deals list only.
  await lists
    .nth(0)
    .getByRole("button", { name: "Withdraw Marketing texts for Deals list" })
    .click();
  await expect(person.getByTestId("portal-notice")).toHaveText(
    "Withdrawn. Nothing more will be sent for it.",
  );
  await expect(lists.nth(0).locator('[data-consent-state="off"]')).toHaveCount(1);
  await expect(lists.nth(0)).toContainText("Marketing texts withdrawn on this page");
  await expect(lists.nth(1).locator('[data-consent-state="pending"]')).toHaveCount(1);
  await expectNoAxeViolations(person, "portal: after a withdrawal");

  // The PDF proof of the deals list.
  const [download] = await Promise.all([
    person.waitForEvent("download"),
    person.getByRole("link", { name: "Proof for Deals list (PDF)" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^proof-\+12015550161-PRF-\w+\.pdf$/);
  const stream = await download.createReadStream();
  const first = await new Promise<Buffer>((resolve) =>
    stream.once("data", (chunk: Buffer) => resolve(chunk)),
  );
  expect(first.subarray(0, 5).toString()).toBe("%PDF-");

  // Staff see the withdrawal, made by the person on the portal.
  await page.goto(`/dashboard/subscribers?status=UNSUBSCRIBED&audienceId=${deals.audienceId}`);
  await expect(page.getByRole("link", { name: "+1 201 555 0161" })).toHaveCount(1);

  // The person asks for erasure; it waits for staff (the default), who approve it.
  await person.getByRole("button", { name: "Ask for erasure" }).click();
  await expect(person.getByTestId("portal-notice")).toContainText("Your request is recorded.");
  await expectNoAxeViolations(person, "portal: erasure asked");
  await page.goto("/compliance/privacy-requests");
  const request = page.locator('[data-testid^="privacy-request-"]');
  await expect(request).toHaveCount(1);
  await expect(request).toContainText("Erasure");
  await expect(request).toContainText("Awaiting approval");
  await request.getByRole("button", { name: "Approve erasure" }).click();
  await request.getByLabel("Note").fill("Asked on the privacy portal after proving the number");
  await request.getByRole("button", { name: "Yes, erase" }).click();
  await expect(page.getByText("Nothing is waiting")).toBeVisible({ timeout: 30_000 });
  await person.goto(`${portalPath}?lang=en`);
  await expect(person.getByText("This number is on none of")).toBeVisible();

  // In German, by the language links.
  await person.getByRole("link", { name: "Deutsch" }).click();
  await expect(person.getByRole("heading", { level: 1 })).toContainText("Ihre Listen bei");

  // Bad links: a clear page, nothing changed, no session.
  await person.getByRole("button", { name: "Abmelden" }).click();
  await person.goto(`${portalPath}/w/not-a-real-token?lang=en`);
  await expect(person.getByTestId("portal-notice")).toContainText("This link doesn't work");
  await expectNoAxeViolations(person, "portal: broken withdraw link");
  const unknown = await person.goto("/p/no-such-organization-here");
  expect(unknown?.status()).toBe(404);
  await expect(person.getByRole("heading", { level: 1 })).toHaveText(
    "This privacy page is not available",
  );
  await expectNoAxeViolations(person, "portal: unknown organization");
  await personContext.close();
});
