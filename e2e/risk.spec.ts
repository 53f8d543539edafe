// The Risk and Failures pages as an owner sees them after a few refused and suspicious
// signups. Few requests on purpose: they all come from this test's one client address
// (e2e/support/test.ts), under its per-IP limit (20 per 10 minutes).
import { expect, test } from "./support/test";
import { createPublishedForm, newAccount, signUp } from "./support/app";

test("refused numbers and flags show on the Risk and Failures pages", async ({ page }) => {
  await signUp(page, newAccount("Risk"));
  const { slug } = await createPublishedForm(page, {
    audience: "Risk list",
    form: "Risk form",
    program: "Risk Club",
  });
  const post = (phone: string) =>
    page.request.post(`/api/v1/public/forms/${slug}/signups`, {
      data: { phone, country: "US", marketingConsent: true },
    });

  const german = await post("+4915112345678");
  expect(german.status()).toBe(422);
  expect(await german.json()).toMatchObject({
    error: { fields: { phone: ["This form accepts only numbers from the United States."] } },
  });
  expect((await post("8005550100")).status()).toBe(422);
  // Four numbers in a row from one address: flagged, not blocked.
  for (const phone of ["2015550231", "2015550232", "2015550233", "2015550234"]) {
    expect((await post(phone)).status()).toBe(202);
  }

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Risk" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Risk" })).toBeVisible();
  const counts = page.getByRole("definition");
  await expect(page.getByText("Country not allowed", { exact: true }).first()).toBeVisible();
  await expect(counts).not.toHaveCount(0);
  await expect(page.getByText("Nothing is blocked")).toBeVisible();
  const flags = page.getByRole("table", { name: "Flags grouped by type, IP and prefix" });
  await expect(flags.getByRole("row").filter({ hasText: "Sequential numbers" })).toContainText(
    "+12015",
  );
  await expect(flags.getByRole("row").filter({ hasText: "Country not allowed" })).toContainText(
    "+49151",
  );

  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Failures" })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Failures" })).toBeVisible();
  const byCountry = page.getByRole("table", { name: "Failures by country" });
  await expect(byCountry.getByRole("row").filter({ hasText: "Germany (DE)" })).toContainText("1");
  await expect(byCountry.getByRole("row").filter({ hasText: "United States (US)" })).toContainText(
    "1",
  );
  const byDay = page.getByRole("table", { name: "Failures by day" });
  await expect(byDay.getByRole("row")).toHaveCount(15); // header + 14 days
  await expect(page.getByRole("table", { name: "Common Twilio error codes" })).toContainText(
    "30007",
  );
});
