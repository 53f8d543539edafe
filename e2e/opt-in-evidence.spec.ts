// The public opt-in evidence page that carrier reviewers open (Twilio errors 30917, 30924,
// 30837 reject campaigns whose opt-in they cannot see): signed out, it shows the form exactly
// as /f/<slug> serves it, every text of the flow and the disclosures, and gives the same as
// PDF and PNG. An unknown or unpublished form is the plain not-found page.
import { expect, test } from "./support/test";
import { createDraftForm, createPublishedForm, newAccount, signUp } from "./support/app";

test("signed out, the evidence page shows the served form, each text and the disclosures", async ({
  browser,
}) => {
  const owner = await browser.newPage();
  await signUp(owner, newAccount("Evidence"));
  const { slug } = await createPublishedForm(owner, {
    audience: "Evidence list",
    form: "Evidence form",
    program: "Kettle Club",
  });
  // A draft of another form: not published, so it has no evidence page.
  await createDraftForm(owner, { audience: "Draft list", form: "Draft form", program: "Drafty" });
  const draftSlug = (await owner.getByLabel("Address").inputValue()).trim();
  await owner.close();

  const visitor = await (await browser.newContext()).newPage();
  const response = await visitor.goto(`/f/${slug}/opt-in-evidence`);
  expect(response?.status()).toBe(200);
  await expect(visitor).toHaveURL(new RegExp(`/f/${slug}/opt-in-evidence$`));
  await expect(
    visitor.getByRole("heading", { level: 1, name: "SMS opt-in evidence: Kettle Club" }),
  ).toBeVisible();

  // The form as served: the very page /f/<slug> returns, inert in its frame.
  const frame = visitor.frameLocator('iframe[title="The signup form as served"]');
  await expect(frame.getByRole("heading", { level: 1 })).toHaveText("Get texts from Kettle Club");
  const consent = frame.getByTestId("consent-text");
  const served = await (await visitor.request.get(`/f/${slug}`)).text();
  const consentText = (await consent.innerText()).trim();
  expect(consentText).toContain("Kettle Club");
  expect(served).toContain(consentText.replaceAll("&", "&amp;").replaceAll("'", "&#39;"));
  await expect(frame.getByRole("checkbox")).not.toBeChecked();
  await expect(frame.getByRole("link", { name: "Terms" })).toHaveAttribute(
    "href",
    "https://acmedeals.shop/sms-terms",
  );

  // Each text of the flow, rendered from the published version.
  await expect(visitor.getByTestId("evidence-sms-confirmation")).toContainText(
    "Kettle Club: Reply YES to confirm your subscription",
  );
  await expect(visitor.getByTestId("evidence-sms-welcome")).toContainText(
    "Kettle Club: Thanks, you're subscribed!",
  );
  await expect(visitor.getByTestId("evidence-sms-help")).toContainText(
    "Help at help@acmedeals.shop",
  );
  await expect(visitor.getByTestId("evidence-sms-stop")).toContainText("You're unsubscribed");
  await expect(visitor.getByTestId("evidence-consent")).toHaveText(consentText);
  await expect(visitor.getByRole("link", { name: "https://acmedeals.shop/privacy" })).toBeVisible();

  // Printable: the download links are left out of the printout.
  await visitor.emulateMedia({ media: "print" });
  await expect(visitor.getByRole("link", { name: "Download as PDF" })).toBeHidden();
  await visitor.emulateMedia({ media: "screen" });

  const pdf = await visitor.request.get(`/f/${slug}/opt-in-evidence.pdf`);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
  const png = await visitor.request.get(`/f/${slug}/opt-in-evidence.png`);
  expect(png.status()).toBe(200);
  expect(png.headers()["content-type"]).toBe("image/png");
  const image = await png.body();
  expect(image.subarray(1, 4).toString()).toBe("PNG");
  expect(image.readUInt32BE(16)).toBe(1000);

  // Unknown and unpublished forms: the form not-found page, for each format.
  for (const path of [
    `/f/no-such-form/opt-in-evidence`,
    `/f/${draftSlug}/opt-in-evidence`,
    `/f/${draftSlug}/opt-in-evidence.pdf`,
    `/f/${draftSlug}/opt-in-evidence.png`,
  ]) {
    const missing = await visitor.request.get(path);
    expect(missing.status(), path).toBe(404);
    expect(await missing.text(), path).toContain("This signup form is not available");
  }
  await visitor.close();
});
