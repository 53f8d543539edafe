// The proof of opt-in in a browser: a number signs up through the public API and confirms by
// YES in the Dev phone; the proof page shows the intact chain and the evidence, and the PDF
// downloads from the server.
import { readFile } from "node:fs/promises";
import { expect, test } from "./support/test";
import { createPublishedForm, newAccount, signUp } from "./support/app";

test("proof of opt-in page and PDF download", async ({ page, browser }) => {
  await signUp(page, newAccount("Proof"));
  const { slug } = await createPublishedForm(page, {
    audience: "Proof list",
    form: "Proof form",
    program: "Proof Deals",
  });

  const signup = await page.request.post(`/api/v1/public/forms/${slug}/signups`, {
    data: { phone: "2015550173", country: "US", marketingConsent: true },
  });
  expect(signup.status()).toBe(202);

  await page.goto("/dashboard/dev-phone?phone=%2B12015550173");
  const conversation = page.getByTestId("conversation");
  await expect(conversation).toContainText("Proof Deals: Reply YES to confirm your subscription");
  await page.getByRole("button", { name: "YES", exact: true }).click();
  await expect(conversation).toContainText("Proof Deals: Thanks, you're subscribed!");

  await page.goto("/dashboard/subscribers");
  await page.getByRole("link", { name: "+1 201 555 0173" }).click();
  await page.waitForURL(/\/dashboard\/subscribers\/\w+$/);
  const subscriberId = page.url().split("/").pop()!;

  await page.goto(`/compliance/subscribers/${subscriberId}/proof`);
  await expect(page.getByRole("heading", { level: 1, name: "Proof of opt-in" })).toBeVisible();
  // signup.submitted, sms.sent, sms.delivery, marketing.confirmed, sms.delivery (the welcome)
  await expect(page.getByTestId("proof-chain")).toContainText("Chain intact · 5 events verified");
  await expect(page.getByTestId("consent-text")).toContainText(
    "I agree to receive recurring automated marketing text messages from Proof Deals",
  );
  await expect(page.getByTestId("consent-text-check")).toContainText(
    "SHA-256 matches the signup record",
  );
  await expect(page.getByTestId("confirmation-sms")).toContainText(
    "Proof Deals: Reply YES to confirm your subscription",
  );
  const reply = page.getByTestId("confirming-reply");
  await expect(reply.getByTestId("reply-body")).toHaveText('"YES"');
  await expect(reply).toContainText("+12015550173");
  await expect(page.getByText("No withdrawal on record.")).toBeVisible();
  const contentSha256 = (await page.getByTestId("content-sha256").textContent())?.trim();
  expect(contentSha256).toMatch(/^[0-9a-f]{64}$/);

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download PDF" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^proof-\+12015550173-PRF-[A-Z0-9]{10}\.pdf$/);
  const pdf = await readFile(await download.path());
  expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  // Nothing changed between the page and the download, so the content hash is the same.
  expect(pdf.toString("latin1")).toContain(contentSha256!);

  // The JSON download carries the same content hash, recomputable from its data.
  const json = await page.request.get(`/compliance/subscribers/${subscriberId}/proof.json`);
  expect(json.status()).toBe(200);
  const body = (await json.json()) as {
    contentSha256: string;
    data: { subject: { phone: string } };
  };
  expect(body.contentSha256).toBe(contentSha256);
  expect(body.data.subject.phone).toBe("+12015550173");

  // Signed out, the PDF is not served.
  const anonymous = await browser.newContext();
  const response = await anonymous.request.get(
    `/compliance/subscribers/${subscriberId}/proof.pdf`,
    { maxRedirects: 0 },
  );
  expect(response.status()).toBe(401);
  await anonymous.close();
});
