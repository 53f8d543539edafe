// The whole loop in a browser: a marketer builds and publishes a form, a person signs up on
// the public page, the confirmation SMS lands in the Dev phone, YES confirms, STOP ends it.
import { expect, test } from "./support/test";
import { createPublishedForm, newAccount, openFormEditor, signUp } from "./support/app";

test("sign up, confirm by YES, unsubscribe by STOP", async ({ page, browser }) => {
  const account = newAccount("Loop");
  await signUp(page, account);

  await page.goto("/dashboard/audiences");
  const { formId, slug } = await createPublishedForm(page, {
    audience: "Spring list",
    form: "Spring form",
    program: "Bloom Deals",
  });

  // The editor flags missing CTIA elements live and blocks publishing.
  await openFormEditor(page, formId);
  const confirmation = page.getByLabel("Confirmation SMS (“Reply YES…”)");
  await confirmation.fill("Bloom Deals: reply YES to join.");
  await expect(
    page.getByText("The confirmation message must include STOP instructions."),
  ).toBeVisible();
  await expect(page.getByRole("button", { name: "Publish version 2" })).toBeDisabled();
  await page.reload();

  // A person on the public page, in a separate browser context (not signed in).
  const visitor = await browser.newContext();
  const form = await visitor.newPage();
  await form.goto(`/f/${slug}`);
  const checkbox = form.getByRole("checkbox");
  await expect(checkbox).not.toBeChecked();
  await expect(form.getByTestId("consent-text")).toContainText("Bloom Deals");
  await form.getByLabel("Mobile number").fill("201 555 01");
  await form.getByRole("button", { name: "Subscribe" }).click();
  await expect(form.getByText("That number is too short.")).toBeVisible();
  await expect(form.getByText("Tick the box to agree to receive texts.")).toBeVisible();

  await form.getByLabel("Mobile number").fill("201 555 0147");
  await checkbox.check();
  await form.getByRole("button", { name: "Subscribe" }).click();
  await expect(form.getByRole("heading", { name: "Check your phone" })).toBeVisible();
  await expect(form.getByText("A text is on its way to +1 ••• ••• 0147.")).toBeVisible();
  await visitor.close();

  // The confirmation SMS is in the Dev phone.
  await page.goto("/dashboard/dev-phone?phone=%2B12015550147");
  const conversation = page.getByTestId("conversation");
  await expect(conversation).toContainText("Bloom Deals: Reply YES to confirm your subscription");
  await page.getByRole("button", { name: "YES", exact: true }).click();
  await expect(conversation).toContainText("Bloom Deals: Thanks, you're subscribed!");

  await page.goto("/dashboard/subscribers");
  const row = page.getByRole("row", { name: /\+1 201 555 0147/ });
  await expect(row).toContainText("Confirmed");
  await row.getByRole("link").click();
  await expect(page.getByText("Confirmed marketing consent by replying “YES”")).toBeVisible();
  await expect(page.getByText("Signed up on form", { exact: false })).toBeVisible();

  await page.goto("/dashboard/dev-phone?phone=%2B12015550147");
  await page.getByLabel("Reply").fill("STOP");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(conversation).toContainText("Bloom Deals: You're unsubscribed");

  await page.goto("/dashboard/subscribers?status=UNSUBSCRIBED");
  await expect(page.getByRole("row", { name: /\+1 201 555 0147/ })).toContainText("Unsubscribed");
});
