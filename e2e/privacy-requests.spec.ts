// The compliance queue in the browser: an erasure request logged for a subscriber's number
// waits for approval (the organization's default), is approved with a note, and the number is
// gone from the subscribers list, the queue shows who handled it, and the evidence still
// verifies. A malformed number is refused with the input kept.
import { expect, test } from "./support/test";
import { createPublishedForm, newAccount, signUp } from "./support/app";

test("an owner approves a waiting erasure in the queue; the number is gone and the chain verifies", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signUp(page, newAccount("Privacy"));
  const { slug } = await createPublishedForm(page, {
    audience: "Privacy list",
    form: "Privacy form",
    program: "Privacy Deals",
  });
  const signup = await page.request.post(`/api/v1/public/forms/${slug}/signups`, {
    data: { phone: "2015550831", country: "US", marketingConsent: true },
  });
  expect(signup.status()).toBe(202);

  await page.goto("/dashboard/settings/privacy");
  await expect(page.getByLabel("When someone asks for erasure")).toHaveValue("approval");

  await page.goto("/compliance/privacy-requests");
  await expect(page.getByText("Nothing is waiting")).toBeVisible();
  // Bad input: refused, said out loud, and the typed value stays.
  await page.getByLabel("Number").fill("201 555 0831");
  await page.getByRole("button", { name: "Log request" }).click();
  await expect(page.getByText("Enter the number in international format (+…)")).toBeVisible();
  await expect(page.getByLabel("Number")).toHaveValue("201 555 0831");

  await page.getByLabel("Number").fill("+1 201 555 0831");
  await page.getByRole("button", { name: "Log request" }).click();
  await expect(page.getByText("Request logged.")).toBeVisible();
  const row = page.locator('[data-testid^="privacy-request-"]');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Erasure");
  await expect(row).toContainText("Awaiting approval");
  await expect(row).toContainText("1 list entry");

  await row.getByRole("button", { name: "Approve erasure" }).click();
  await row.getByLabel("Note").fill("Asked by mail; identity checked by a code to the number");
  await row.getByRole("button", { name: "Yes, erase" }).click();
  await expect(page.getByText("Nothing is waiting")).toBeVisible({ timeout: 30_000 });

  await page.getByRole("link", { name: "All requests" }).click();
  const done = page.locator('[data-testid^="privacy-request-"]');
  await expect(done).toHaveCount(1);
  await expect(done).toContainText("Completed");
  await expect(done).toContainText("Test Owner");
  await expect(done).toContainText("identity checked by a code");

  await page.goto("/dashboard/subscribers");
  await expect(page.getByText("0831")).toHaveCount(0);

  // The audit log shows the decision; the evidence check still passes.
  await page.goto("/compliance/audit-log");
  await expect(page.getByText("Approved a privacy request (erasure)")).toBeVisible();
  await page.goto("/compliance");
  await expect(page.getByTestId("chain-badge")).toContainText("Chain intact");
  await expect(page.getByTestId("chain-erasures")).toContainText(
    "1 subscriber’s personal data erased",
  );
});
