// Organization A must not see anything of organization B: pages answer 404, and so does the
// API with A's key.
import { expect, test } from "./support/test";
import { createPublishedForm, newAccount, signInByApi, signUp } from "./support/app";

test("a user of organization A gets 404 on organization B's audience, form, subscriber and API routes", async ({
  browser,
}) => {
  // Organization B, with a form and a subscriber.
  const bContext = await browser.newContext();
  const bPage = await bContext.newPage();
  const accountB = newAccount("Beta");
  await signUp(bPage, accountB);
  const b = await createPublishedForm(bPage, {
    audience: "Beta list",
    form: "Beta form",
    program: "Beta Club",
  });
  const signup = await bPage.request.post(`/api/v1/public/forms/${b.slug}/signups`, {
    data: { phone: "2015550166", country: "US", marketingConsent: true },
  });
  expect(signup.status()).toBe(202);
  await bPage.goto("/dashboard/subscribers");
  await bPage.getByRole("link", { name: "+1 201 555 0166" }).click();
  await bPage.waitForURL(/\/dashboard\/subscribers\/\w+$/);
  const subscriberId = bPage.url().split("/").pop()!;
  // Positive control: B sees it.
  await expect(bPage.getByRole("heading", { level: 1, name: "+1 201 555 0166" })).toBeVisible();
  await bContext.close();

  // Organization A.
  const aContext = await browser.newContext();
  const aPage = await aContext.newPage();
  const accountA = newAccount("Alpha");
  await signUp(aPage, accountA);

  for (const path of [
    `/dashboard/audiences/${b.audienceId}`,
    `/dashboard/forms/${b.formId}`,
    `/dashboard/subscribers/${subscriberId}`,
    `/compliance/subscribers/${subscriberId}/proof`,
  ]) {
    const response = await aPage.goto(path);
    expect(response?.status(), path).toBe(404);
  }
  for (const path of [
    `/compliance/subscribers/${subscriberId}/proof.pdf`,
    `/compliance/subscribers/${subscriberId}/proof.json`,
  ]) {
    expect((await aPage.request.get(path)).status(), path).toBe(404);
  }
  // Not in A's lists either.
  await aPage.goto("/dashboard/subscribers");
  await expect(aPage.getByText("+1 201 555 0166")).toHaveCount(0);
  await aPage.goto(`/dashboard/subscribers?audienceId=${b.audienceId}`);
  await expect(aPage.getByText("+1 201 555 0166")).toHaveCount(0);

  // A's API key cannot reach B's subscriber.
  await aPage.goto("/dashboard/settings/api-keys");
  await aPage.getByLabel("Name").fill("e2e");
  for (const scope of ["subscribers:read", "evidence:read"])
    await aPage.getByRole("checkbox", { name: new RegExp(scope) }).check();
  await aPage.getByRole("button", { name: "Create key" }).click();
  const key = (await aPage.getByTestId("new-api-key").textContent())!.trim();
  const headers = { Authorization: `Bearer ${key}` };
  for (const path of [
    `/api/v1/subscribers/${subscriberId}/proof`,
    `/api/v1/evidence/verify?subscriberId=${subscriberId}`,
  ]) {
    expect((await aPage.request.get(path, { headers })).status(), path).toBe(404);
  }
  const one = await aPage.request.get(`/api/v1/subscribers/${subscriberId}`, { headers });
  expect(one.status()).toBe(404);
  expect(((await one.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
  const list = (await (
    await aPage.request.get(`/api/v1/subscribers?audienceId=${b.audienceId}`, { headers })
  ).json()) as { data: unknown[] };
  expect(list.data).toEqual([]);
  await aContext.close();

  // B itself, signed in through the API, does see its subscriber.
  const again = await browser.newContext();
  const page = await again.newPage();
  await signInByApi(page, accountB);
  expect((await page.goto(`/dashboard/subscribers/${subscriberId}`))?.status()).toBe(200);
  await again.close();
});
