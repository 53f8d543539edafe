// CSV import in a real browser: columns mapped from an unfamiliar header, the preview, the
// import and its result; a file with two bad rows lists both and keeps what was pasted; axe.
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./support/test";
import { createPublishedForm, newAccount, signUp } from "./support/app";

test("import a CSV with mapped columns, and see every problem of a bad file", async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, newAccount("Importer"));
  await createPublishedForm(page, { audience: "Import list", form: "Import form", program: "Imp" });
  await page.goto("/dashboard/subscribers/new");
  const importForm = page
    .locator("form")
    .filter({ has: page.getByRole("button", { name: "Import" }) });

  const bad =
    "Mobile,When,Proof,Shop\n+12015550801,2025-03-01,Paper form #1,Store 4\n123,2025-03-01,Paper form #2,Store 4\n+12015550803,someday,Paper form #3,Store 4\n";
  await importForm.getByLabel("…or paste CSV").fill(bad);
  await expect(importForm.getByLabel("Phone")).toHaveValue("Mobile");
  await expect(importForm.getByLabel("Evidence")).toHaveValue("Proof");
  // "When" is not a header the guess knows: the consent time must be chosen.
  await expect(importForm.getByRole("button", { name: "Import" })).toBeDisabled();
  await importForm.getByLabel("Consent time").selectOption("When");
  await importForm.getByLabel("Source (optional)").selectOption("Shop");
  await expect(importForm.getByRole("table", { name: /Preview/ })).toContainText("Paper form #2");
  await importForm.getByRole("button", { name: "Import" }).click();
  const alert = importForm.getByRole("alert");
  await expect(alert).toContainText("Nothing was imported: 2 problems in the file");
  await expect(alert).toContainText("Line 3, Mobile:");
  await expect(alert).toContainText("Line 4, When: Enter when the person consented");
  await expect(alert).toBeFocused();
  await expect(importForm.getByLabel("…or paste CSV")).toHaveValue(bad);
  await expect(importForm.getByLabel("Consent time")).toHaveValue("When");
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations).toEqual([]);

  const good =
    "Mobile,When,Proof,Shop\n+12015550801,2025-03-01,Paper form #1,Store 4\n2015550802,2025-03-02,Paper form #2,Store 5\n";
  await importForm.getByLabel("…or paste CSV").fill(good);
  await importForm.getByLabel("Consent time").selectOption("When");
  await importForm.getByRole("button", { name: "Import" }).click();
  await expect(importForm.getByRole("status")).toContainText("Imported 2; skipped 0");

  await page.goto("/dashboard/subscribers");
  await expect(page.getByRole("link", { name: "+1 201 555 0802" })).toBeVisible();
});

test("import other columns as named custom fields, shown on the subscriber's page", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await signUp(page, newAccount("Fields"));
  await createPublishedForm(page, { audience: "Fields list", form: "Fields form", program: "Fld" });
  await page.goto("/dashboard/subscribers/new");
  const importForm = page
    .locator("form")
    .filter({ has: page.getByRole("button", { name: "Import" }) });

  const long = "g".repeat(501);
  const bad = `phone,consented_at,evidence,Tier,Notes\n+12015550811,2025-03-01,Paper form #1,gold,x\n+12015550812,2025-03-01,Paper form #2,${long},y\n`;
  await importForm.getByLabel("…or paste CSV").fill(bad);
  const tier = importForm.getByLabel("Custom field name for column “Tier”");
  await expect(tier).toHaveValue("");
  // A name outside the safe pattern is refused before anything is sent.
  await tier.fill("Loyalty Tier");
  await expect(tier).toHaveAttribute("aria-invalid", "true");
  await expect(importForm.getByText(/Lowercase letters, digits and _/).first()).toBeVisible();
  await expect(importForm.getByRole("button", { name: "Import" })).toBeDisabled();
  await tier.fill("loyalty_tier");
  await expect(importForm.getByRole("table", { name: /Preview/ })).toContainText("loyalty_tier");
  await importForm.getByRole("button", { name: "Import" }).click();
  const alert = importForm.getByRole("alert");
  await expect(alert).toContainText("Nothing was imported: 1 problem in the file");
  await expect(alert).toContainText("Line 3, Tier: At most 500 characters (this has 501)");
  await expect(tier).toHaveValue("loyalty_tier");
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations).toEqual([]);

  await importForm.getByLabel("…or paste CSV").fill(bad.replace(long, "silver"));
  // The name typed for the column is kept when the fixed file is pasted again.
  await expect(tier).toHaveValue("loyalty_tier");
  await importForm.getByRole("button", { name: "Import" }).click();
  await expect(importForm.getByRole("status")).toContainText("Imported 2; skipped 0");

  await page.goto("/dashboard/subscribers");
  await page.getByRole("link", { name: "+1 201 555 0812" }).click();
  await page.waitForURL(/\/dashboard\/subscribers\/\w+$/);
  await expect(page.getByTestId("custom-field-loyalty_tier")).toContainText("silver");
  // The unnamed column was not kept.
  await expect(page.getByRole("heading", { name: "Custom fields" })).toBeVisible();
  await expect(page.getByTestId(/custom-field-notes/)).toHaveCount(0);
});
