// Destructive actions ask first, in the page: a step that says what will happen, a reason
// where the evidence keeps one, and a separate "Yes, …" button. The reasons reach the
// subscriber's timeline and the audit log.
import { expect, test } from "./support/test";
import { createPublishedForm, newAccount, signUp } from "./support/app";

test("withdraw, delete and revoke ask for confirmation, and reasons are recorded", async ({
  page,
}) => {
  await signUp(page, newAccount("Confirm"));
  await createPublishedForm(page, {
    audience: "Confirm list",
    form: "Confirm form",
    program: "Confirm Deals",
  });

  await page.goto("/dashboard/subscribers/new");
  await page.getByLabel("Mobile number").fill("2015550191");
  await page.getByLabel("Consented at (UTC)").fill("2025-03-01T10:00");
  await page.getByLabel("Evidence").fill("Paper form #191");
  await page.getByLabel("Source").fill("Store 9");
  await page.getByRole("button", { name: "Add subscriber" }).click();
  await page.waitForURL(/\/dashboard\/subscribers\/\w+$/);
  const subscriberUrl = page.url();

  // Withdraw: the first click only asks; Cancel gives focus back and changes nothing.
  await page.getByRole("button", { name: "Withdraw marketing consent" }).click();
  await expect(page.getByText("Withdraw marketing consent? Queued marketing texts")).toBeFocused();
  await page.getByRole("button", { name: "Cancel" }).click();
  await expect(page.getByRole("button", { name: "Withdraw marketing consent" })).toBeFocused();
  await page.reload();
  await expect(page.getByText("Withdrew marketing consent")).toHaveCount(0);

  // Without a reason it is refused, said and focused; with one it is done and kept.
  await page.getByRole("button", { name: "Withdraw marketing consent" }).click();
  await page.getByRole("button", { name: "Yes, withdraw" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "not valid" })).toBeVisible();
  await expect(page.getByLabel("Reason")).toBeFocused();
  await page.getByLabel("Reason").fill("Asked by phone on 3 March");
  await page.getByRole("button", { name: "Yes, withdraw" }).click();
  const withdrawal = page
    .getByRole("listitem")
    .filter({ hasText: "Withdrew marketing consent by staff" });
  await withdrawal.getByText("Details").click();
  await expect(withdrawal).toContainText("Asked by phone on 3 March");
  await expect(
    page.getByText("Given by staff, with consent evidence from elsewhere; withdrawn since."),
  ).toBeVisible();
  await expect(
    page.getByRole("button", { name: "Record marketing consent (sends a “Reply YES” text)" }),
  ).toBeVisible();

  // Delete: asks, needs a reason, then leaves for the list.
  await page.getByRole("button", { name: "Delete subscriber" }).click();
  await expect(page.getByText("Delete this subscriber?")).toBeFocused();
  await page.getByLabel("Reason").fill("Duplicate of another record");
  await page.getByRole("button", { name: "Yes, delete subscriber" }).click();
  await page.waitForURL(/\/dashboard\/subscribers$/);
  await expect(page.getByRole("link", { name: "+1 201 555 0191" })).toHaveCount(0);
  await page.goto(subscriberUrl);
  await expect(page.getByRole("button", { name: "Delete subscriber" })).toHaveCount(0);

  // Revoke an API key: asks first; the key stays active until confirmed.
  await page.goto("/dashboard/settings/api-keys");
  await page.getByLabel("Name").fill("CRM sync");
  await page.getByRole("checkbox", { name: /subscribers:read/ }).check();
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByTestId("new-api-key")).toBeVisible();
  await page.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByText("Revoke “CRM sync”?")).toBeFocused();
  await page.getByRole("button", { name: "Cancel" }).click();
  await page.reload();
  await expect(page.getByText("active", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("button", { name: "Yes, revoke" }).click();
  await expect(page.getByText("revoked", { exact: true })).toBeVisible();

  // The audit log has both reasons.
  await page.goto("/compliance/audit-log");
  const entries = page.getByTestId("audit-entry");
  await expect(entries.filter({ hasText: "Withdrew marketing consent by staff" })).toContainText(
    "Reason: Asked by phone on 3 March",
  );
  await expect(entries.filter({ hasText: "Deleted by staff" })).toContainText(
    "Reason: Duplicate of another record",
  );
  await expect(entries.filter({ hasText: "Revoked API key “CRM sync”" })).toHaveCount(1);
  await expect(
    entries.filter({ hasText: "Published form “Confirm form” (version 1)" }),
  ).toContainText("Consent text SHA-256:");
});
