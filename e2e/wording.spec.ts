// Words that say what is true: a never-confirmed subscriber is not "confirmed by the YES
// reply"; the proof says where a signup stood then and where the consent stands now; the
// timeline names the form by its name.
import { expect, test } from "./support/test";
import { createPublishedForm, newAccount, signUp } from "./support/app";

test("subscriber and proof pages say what was true then and what is true now", async ({ page }) => {
  await signUp(page, newAccount("Wording"));
  const { slug } = await createPublishedForm(page, {
    audience: "Wording list",
    form: "Spring shop form",
    program: "Wording Deals",
  });
  for (const phone of ["2015550181", "2015550182"]) {
    const signup = await page.request.post(`/api/v1/public/forms/${slug}/signups`, {
      data: { phone, country: "US", marketingConsent: true },
    });
    expect(signup.status()).toBe(202);
  }

  // Never confirmed.
  await page.goto("/dashboard/subscribers");
  await page.getByRole("link", { name: "+1 201 555 0181" }).click();
  await page.waitForURL(/\/dashboard\/subscribers\/\w+$/);
  await expect(
    page.getByText("Given on the signup form; not confirmed yet (no YES reply or code so far)."),
  ).toBeVisible();
  await expect(page.getByText("confirmed by the YES reply")).toHaveCount(0);
  await expect(
    page.getByText("Signed up on form “Spring shop form” (version 1)", { exact: false }),
  ).toBeVisible();
  await expect(page.getByText(`Signed up on form “${slug}”`, { exact: false })).toHaveCount(0);

  // Confirmed by YES: the proof says it was pending then and is confirmed now.
  await page.goto("/dashboard/dev-phone?phone=%2B12015550182");
  await expect(page.getByTestId("conversation")).toContainText("Reply YES");
  await page.getByRole("button", { name: "YES", exact: true }).click();
  await expect(page.getByTestId("conversation")).toContainText("you're subscribed");
  await page.goto("/dashboard/subscribers");
  await page.getByRole("link", { name: "+1 201 555 0182" }).click();
  await page.waitForURL(/\/dashboard\/subscribers\/\w+$/);
  await expect(
    page.getByText("Given on the signup form, confirmed by the YES reply."),
  ).toBeVisible();
  const subscriberId = page.url().split("/").pop()!;

  await page.goto(`/compliance/subscribers/${subscriberId}/proof`);
  const signup = page.getByTestId("signup");
  await expect(signup).toContainText(
    "awaiting confirmation: a confirmation SMS was to ask for YES; confirmation SMS queued",
  );
  await expect(signup).toContainText(/Marketing consent now\s*confirmed 20\d\d-/);
  await expect(signup).not.toContainText("Outcome");
  await expect(
    page.getByText("Signed up on form “Spring shop form”", { exact: false }),
  ).toBeVisible();
});
