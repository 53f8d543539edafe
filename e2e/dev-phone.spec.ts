// The Dev phone in a browser: a member reaches only their own organization's subscribers, and
// a reply typed there is evidence of a staff action on the Dev phone, not a carrier reply.
import { expect, test } from "./support/test";
import { createPublishedForm, newAccount, signUp } from "./support/app";

test("the Dev phone answers only as one's own subscribers, and the proof says it was the Dev phone", async ({
  page,
  browser,
}) => {
  await signUp(page, newAccount("DevOwner"));
  const { slug } = await createPublishedForm(page, {
    audience: "Dev list",
    form: "Dev form",
    program: "Dev Deals",
  });
  const signup = await page.request.post(`/api/v1/public/forms/${slug}/signups`, {
    data: { phone: "2015550181", country: "US", marketingConsent: true },
  });
  expect(signup.status()).toBe(202);

  // Another organization's member tries to confirm that number from their Dev phone.
  const strangerContext = await browser.newContext();
  const stranger = await strangerContext.newPage();
  await signUp(stranger, newAccount("DevStranger"));
  await stranger.goto("/dashboard/dev-phone");
  await stranger.getByLabel("From").fill("+1 201 555 0181");
  await stranger.getByLabel("Message").fill("YES");
  await stranger.getByRole("button", { name: "Send text" }).click();
  await expect(
    stranger.getByRole("alert").filter({
      hasText: "The Dev phone texts only from numbers of your organization's subscribers.",
    }),
  ).toBeVisible();
  // What was typed stays, and the number field (the one at fault) has focus.
  await expect(stranger.getByLabel("From")).toHaveValue("+1 201 555 0181");
  await expect(stranger.getByLabel("From")).toBeFocused();
  await strangerContext.close();

  await page.goto("/dashboard/subscribers");
  await expect(page.getByRole("row", { name: /\+1 201 555 0181/ })).toContainText("Pending");

  // The owner answers YES as their own subscriber.
  await page.goto("/dashboard/dev-phone?phone=%2B12015550181");
  const conversation = page.getByTestId("conversation");
  await expect(conversation).toContainText("Dev Deals: Reply YES to confirm your subscription");
  await page.getByRole("button", { name: "YES", exact: true }).click();
  await expect(conversation).toContainText("Dev Deals: Thanks, you're subscribed!");

  await page.goto("/dashboard/subscribers");
  await page.getByRole("link", { name: "+1 201 555 0181" }).click();
  await page.waitForURL(/\/dashboard\/subscribers\/\w+$/);
  const subscriberId = page.url().split("/").pop()!;
  await page.goto(`/compliance/subscribers/${subscriberId}/proof`);
  await expect(
    page.getByText("Dev phone (typed by a staff member, not from the phone)").first(),
  ).toBeVisible();

  const json = await page.request.get(`/compliance/subscribers/${subscriberId}/proof.json`);
  expect(json.status()).toBe(200);
  const proof = (await json.json()) as {
    data: { confirmations: { reply: { channel: string; signatureVerified: boolean } }[] };
  };
  expect(proof.data.confirmations[0]?.reply).toMatchObject({
    channel: "dev_phone",
    signatureVerified: false,
  });
});
