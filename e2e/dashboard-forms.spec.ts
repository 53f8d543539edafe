// Dashboard forms keep what was typed when the server refuses it, focus the first field at
// fault and announce the error; the API key form starts with no scope chosen.
import { expect, test } from "./support/test";
import { createPublishedForm, newAccount, openFormEditor, signUp } from "./support/app";

test("dashboard forms keep their input on a server error and focus the first invalid field", async ({
  page,
}) => {
  await signUp(page, newAccount("Forms"));
  const { formId } = await createPublishedForm(page, {
    audience: "Keep list",
    form: "Keep form",
    program: "Keep Deals",
  });

  // Form settings: a new name and a bad origin. Both stay; the origin field is focused.
  await openFormEditor(page, formId);
  await page.getByLabel("Form name").fill("Renamed form");
  await page
    .getByLabel("Sites allowed to embed this form")
    .fill("https://shop.example.com\nnot a site");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "not valid" })).toBeVisible();
  await expect(page.getByText("Use an origin such as https://shop.example.com")).toBeVisible();
  await expect(page.getByLabel("Form name")).toHaveValue("Renamed form");
  await expect(page.getByLabel("Sites allowed to embed this form")).toHaveValue(
    "https://shop.example.com\nnot a site",
  );
  await expect(page.getByLabel("Sites allowed to embed this form")).toBeFocused();
  await expect(page.getByRole("heading", { level: 1, name: "Keep form" })).toBeVisible();

  // Add subscriber: a number that is not one. Everything typed stays; the number is focused.
  await page.goto("/dashboard/subscribers/new");
  const one = page
    .locator("form")
    .filter({ has: page.getByRole("button", { name: "Add subscriber" }) });
  await one.getByLabel("Country").selectOption("GB");
  await one.getByLabel("Mobile number").fill("12345");
  await one.getByLabel("Consented at (UTC)").fill("2025-03-01T10:00");
  await one.getByLabel("Evidence").fill("Paper form #118, signed");
  await one.getByLabel("Source").fill("Store 4");
  await one.getByRole("button", { name: "Add subscriber" }).click();
  await expect(one.getByRole("alert")).toBeVisible();
  await expect(one.getByLabel("Mobile number")).toHaveValue("12345");
  await expect(one.getByLabel("Mobile number")).toBeFocused();
  await expect(one.getByLabel("Country")).toHaveValue("GB");
  await expect(one.getByLabel("Evidence")).toHaveValue("Paper form #118, signed");
  await expect(one.getByLabel("Source")).toHaveValue("Store 4");
  await expect(one.getByLabel("Consented at (UTC)")).toHaveValue("2025-03-01T10:00");

  // CSV import: a bad row. The pasted CSV stays.
  const csv = "phone,consented_at,evidence\n+12015550100,not a date,Paper form #1";
  const importForm = page
    .locator("form")
    .filter({ has: page.getByRole("button", { name: "Import" }) });
  await importForm.getByLabel("…or paste CSV").fill(csv);
  await importForm.getByRole("button", { name: "Import" }).click();
  await expect(importForm.getByRole("alert")).toBeVisible();
  await expect(importForm.getByLabel("…or paste CSV")).toHaveValue(csv);

  // API key: no scope is pre-checked; creating without one keeps the name and says why.
  await page.goto("/dashboard/settings/api-keys");
  const scopes = page.getByRole("checkbox");
  await expect(scopes).toHaveCount(5);
  for (const box of await scopes.all()) await expect(box).not.toBeChecked();
  await expect(page.getByText("turn a subscriber's consents on or off")).toBeVisible();
  await page.getByLabel("Name").fill("CRM sync");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByText("Choose at least one scope.")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("CRM sync");
  await page.getByRole("checkbox", { name: /subscribers:read/ }).check();
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByTestId("new-api-key")).toBeVisible();
  await expect(page.getByText("subscribers:read", { exact: false }).first()).toBeVisible();
});
