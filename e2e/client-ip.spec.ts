// The IP recorded as consent evidence (and used for rate limits) is the real peer address;
// a client cannot choose it by sending X-Forwarded-For.
import { expect, test } from "@playwright/test";
import { createPublishedForm, newAccount, signUp } from "./support/app";

test("a spoofed X-Forwarded-For is not recorded as the signer's IP", async ({ page }) => {
  await signUp(page, newAccount("Ip"));
  const { slug } = await createPublishedForm(page, {
    audience: "IP list",
    form: "IP form",
    program: "IP Club",
  });
  const response = await page.request.post(`/api/v1/public/forms/${slug}/signups`, {
    headers: { "X-Forwarded-For": "6.6.6.6" },
    data: { phone: "2015550181", country: "US", marketingConsent: true },
  });
  expect(response.status()).toBe(202);

  await page.goto("/dashboard/subscribers");
  await page.getByRole("link", { name: "+1 201 555 0181" }).click();
  await page.waitForURL(/\/dashboard\/subscribers\/\w+$/);
  const signup = page.getByRole("listitem").filter({ hasText: "Signed up on form" });
  await signup.getByText("Details").click();
  await expect(signup.getByText("127.0.0.1", { exact: true })).toBeVisible();
  await expect(signup.getByText("6.6.6.6")).toHaveCount(0);
});
