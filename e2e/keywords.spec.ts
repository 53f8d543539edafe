// Text-to-join keywords in a browser: a marketer adds a keyword to a form and gets the call to
// action with its disclosures and a QR code (sms: URI); reserved words are refused with the
// typed text kept. Texting the keyword from a new number on the Dev phone brings the form's
// confirmation text, YES subscribes; signed out, the opt-in evidence page describes the
// keyword method.
import { expect, test } from "./support/test";
import { createPublishedForm, newAccount, openFormEditor, signUp } from "./support/app";

test("a keyword texted from the Dev phone starts the double opt-in, YES confirms", async ({
  page,
  browser,
}) => {
  await signUp(page, newAccount("Keyword"));
  const { formId, slug } = await createPublishedForm(page, {
    audience: "Keyword list",
    form: "Counter flyer",
    program: "Bean Club",
  });
  // Keywords are unique on the installation's default sender: one per run.
  const suffix = Array.from({ length: 6 }, () =>
    String.fromCharCode(65 + Math.floor(Math.random() * 26)),
  ).join("");
  const keyword = `CAFÉ${suffix}`;

  await openFormEditor(page, formId);
  // A reserved word: refused, said next to the field, what was typed kept.
  await page.getByLabel("New keyword").fill("Stop");
  await page.getByRole("button", { name: "Add keyword" }).click();
  await expect(
    page.getByText("STOP is reserved: people text it to stop all texts").first(),
  ).toBeVisible();
  await expect(page.getByLabel("New keyword")).toHaveValue("Stop");

  await page.getByLabel("New keyword").fill(`Café${suffix.toLowerCase()}`);
  await page.getByRole("button", { name: "Add keyword" }).click();
  const item = page.getByTestId(`keyword-${keyword}`);
  await expect(item).toBeVisible();
  const cta = item.getByTestId("call-to-action");
  for (const part of [
    `Text ${keyword} to +1`,
    "Bean Club",
    "Up to 4 msgs/month.",
    "Msg & data rates may apply.",
    "Reply HELP for help, STOP to cancel.",
    "Consent is not a condition of purchase.",
  ]) {
    await expect(cta).toContainText(part);
  }
  const sender = /to (\+\d+)/.exec(await cta.innerText())![1]!;
  const qr = item.getByRole("img", { name: `QR code: opens a text of ${keyword} to ${sender}` });
  await expect(qr).toHaveAttribute(
    "data-sms-uri",
    `sms:${sender}?body=${encodeURIComponent(keyword)}`,
  );
  expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  // A new number texts the keyword, without its accent and in lower case.
  await page.goto("/dashboard/dev-phone");
  await page.getByLabel("From").fill("+1 201 555 0163");
  await page.getByLabel("Message").fill(`cafe${suffix.toLowerCase()}`);
  await page.getByRole("button", { name: "Send text" }).click();
  await page.waitForURL(/phone=%2B12015550163/);
  const conversation = page.getByTestId("conversation");
  await expect(conversation).toContainText("Bean Club: Reply YES to confirm your subscription");
  await page.getByRole("button", { name: "YES", exact: true }).click();
  await expect(conversation).toContainText("Bean Club: Thanks, you're subscribed!");

  await page.goto("/dashboard/subscribers");
  await expect(page.getByRole("row", { name: /\+1 201 555 0163/ })).toContainText("Confirmed");

  // Signed out: the public evidence describes the keyword opt-in.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`/f/${slug}/opt-in-evidence`);
  await expect(
    visitor.getByRole("heading", { name: "Text-to-join keyword (double opt-in)" }),
  ).toBeVisible();
  await expect(visitor.getByText(`The person texts “${keyword}” to ${sender}.`)).toBeVisible();
  await visitor.close();
});
