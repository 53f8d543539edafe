// The IP recorded as consent evidence (and used for rate limits) is the address the trusted
// proxy saw (the e2e server runs with TRUST_PROXY=true, as behind a load balancer): a client
// cannot choose it by writing its own X-Forwarded-For entries before the proxy's. Without a
// proxy the header is ignored altogether (lib/http/client-address.test.ts).
import { expect, test } from "./support/test";
import { createPublishedForm, newAccount, signUp } from "./support/app";

test("a spoofed X-Forwarded-For entry is not recorded as the signer's IP", async ({ page }) => {
  await signUp(page, newAccount("Ip"));
  const { slug } = await createPublishedForm(page, {
    audience: "IP list",
    form: "IP form",
    program: "IP Club",
  });
  const response = await page.request.post(`/api/v1/public/forms/${slug}/signups`, {
    // What a load balancer forwards when the client sent "X-Forwarded-For: 6.6.6.6".
    headers: { "X-Forwarded-For": "6.6.6.6, 203.0.113.7" },
    data: { phone: "2015550181", country: "US", marketingConsent: true },
  });
  expect(response.status()).toBe(202);

  await page.goto("/dashboard/subscribers");
  await page.getByRole("link", { name: "+1 201 555 0181" }).click();
  await page.waitForURL(/\/dashboard\/subscribers\/\w+$/);
  const signup = page.getByRole("listitem").filter({ hasText: "Signed up on form" });
  await signup.getByText("Details").click();
  await expect(signup.getByText("203.0.113.7", { exact: true })).toBeVisible();
  await expect(signup.getByText("6.6.6.6")).toHaveCount(0);
});
