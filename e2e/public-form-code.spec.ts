// A signup form that confirms by code, without JavaScript: the code step is a plain form too
// (a resend asked too early is refused with a message, a wrong code says how many tries are
// left and keeps the focus on the field, the right code confirms). With JavaScript, the code
// step passes axe with and without an error shown.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "./support/test";
import {
  codeFromDevPhone,
  createPublishedForm,
  newAccount,
  signUp,
  switchFormToCode,
} from "./support/app";

async function expectNoAxeViolations(page: Page, state: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.map((violation) => `${state}: ${violation.id}`)).toEqual([]);
}

test("the code step works without JavaScript and passes axe", async ({ page, browser }) => {
  await signUp(page, newAccount("NoJsCode"));
  const { formId, slug } = await createPublishedForm(page, {
    audience: "Code list",
    form: "Code form",
    program: "Bloom Deals",
  });
  await switchFormToCode(page, formId);

  const visitor = await browser.newContext({ javaScriptEnabled: false });
  const form = await visitor.newPage();
  await form.goto(`/f/${slug}`);
  await form.getByLabel("Mobile number").fill("201 555 0181");
  await form.getByRole("checkbox").check();
  await form.getByRole("button", { name: "Subscribe" }).click();
  await expect(form.getByRole("heading", { level: 1, name: "Enter the code" })).toBeVisible();
  await expect(form.getByTestId("code-expected")).toContainText("Enter code 1 of today, sent at");

  // Without a countdown the button is there at once; the server refuses the early resend.
  await form.getByRole("button", { name: "Send a new code", exact: true }).click();
  await expect(form.getByTestId("code-error")).toHaveText(/Wait \d+ s before asking/);
  await expect(form.getByTestId("code-expected")).toContainText("Enter code 1 of today");

  const code = await codeFromDevPhone(page, "+12015550181", 1);
  const wrong = code === "000000" ? "111111" : "000000";
  await form.getByLabel("6-digit code").fill(wrong);
  await form.getByRole("button", { name: "Verify" }).click();
  await expect(form.getByTestId("code-error")).toHaveText("That code isn't right. 4 tries left.");
  await expect(form.getByLabel("6-digit code")).toBeFocused();
  await expect(form.getByLabel("6-digit code")).toHaveAccessibleDescription(
    "That code isn't right. 4 tries left.",
  );

  await form.getByLabel("6-digit code").fill(`${code.slice(0, 3)} ${code.slice(3)}`);
  await form.getByRole("button", { name: "Verify" }).click();
  await expect(form.getByRole("heading", { level: 1, name: "You're subscribed" })).toBeVisible();
  await visitor.close();

  await page.goto("/dashboard/subscribers");
  await expect(page.getByRole("row", { name: /\+1 201 555 0181/ })).toContainText("Confirmed");

  // With JavaScript: the code step, then a wrong code, both at zero axe violations.
  const enhanced = await browser.newContext();
  const jsForm = await enhanced.newPage();
  await jsForm.goto(`/f/${slug}?embed=1`);
  await jsForm.getByLabel("Mobile number").fill("201 555 0182");
  await jsForm.getByRole("checkbox").check();
  await jsForm.getByRole("button", { name: "Subscribe" }).click();
  await expect(jsForm.getByRole("heading", { level: 1, name: "Enter the code" })).toBeFocused();
  await expectNoAxeViolations(jsForm, "code step");
  await jsForm.getByLabel("6-digit code").fill("12");
  await jsForm.getByRole("button", { name: "Verify" }).click();
  await expect(jsForm.getByTestId("code-error")).toBeVisible();
  await expect(jsForm.getByLabel("6-digit code")).toBeFocused();
  await expectNoAxeViolations(jsForm, "code step, error");
  await enhanced.close();
});
