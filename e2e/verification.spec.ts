// Phone verification by code in a real browser: a signup form that confirms by code (with a
// resend, a code killed by wrong entries and an expired code), and a 2FA enrollment with the
// optional marketing consent, then 2FA turned off from the dashboard without touching
// marketing. Codes are read from the Dev phone, as a person reads them from their phone.
//
// Expiry: the server decides it from its own clock, which a browser test cannot move, and
// nothing test-only may be added to the app. So the server-side expiry (state, evidence, risk
// event, refusal of the right code) is proven by tests/integration/verification.test.ts, and
// here the browser clock is fast-forwarded (page.clock) past the code's expiresAt, as given
// by the server, to show that the form then tells the person the code expired and stops
// accepting it.
import { expect, test } from "./support/test";
import {
  codeFromDevPhone,
  createPublishedForm,
  fillPublishingDetails,
  newAccount,
  openFormEditor,
  signUp,
} from "./support/app";

test("signup confirmed by code, with a resend, a dead code and an expired code", async ({
  page,
  browser,
}) => {
  test.setTimeout(150_000);
  await signUp(page, newAccount("Codes"));
  const { formId, slug } = await createPublishedForm(page, {
    audience: "Code list",
    form: "Code form",
    program: "Bloom Deals",
  });

  // Switch the form to code confirmation, 5-minute codes; the stock text drops "Reply YES".
  await openFormEditor(page, formId);
  await page.getByLabel("Confirm by").selectOption("CODE");
  await page.getByLabel("Code expires after").selectOption("5");
  await expect(page.getByLabel("Confirmation SMS (sent once the code is right)")).toHaveValue(
    /You're subscribed/,
  );
  await expect(
    page.getByText(
      /your code to confirm texts is 123 456 \(code 2 of today\)\. It expires in 5 min/,
    ),
  ).toBeVisible();
  await expect(page.getByText(/GSM-7 · \d+ characters · 1 segment/).first()).toBeVisible();
  await page.getByRole("button", { name: "Publish version 2" }).click();
  await expect(page.getByText("Published version 2.")).toBeVisible();

  // A person signs up and gets code 1.
  const visitor = await browser.newContext();
  const form = await visitor.newPage();
  await form.goto(`/f/${slug}`);
  await form.getByLabel("Mobile number").fill("201 555 0161");
  await form.getByRole("checkbox").check();
  await form.getByRole("button", { name: "Subscribe" }).click();
  await expect(form.getByTestId("code-expected")).toContainText("Enter code 1 of today, sent at");
  await expect(form.getByRole("button", { name: /Send a new code in \d+ s/ })).toBeDisabled();
  await codeFromDevPhone(page, "+12015550161", 1);

  // The SMS "did not arrive": once the cooldown is over, send a new one (code 2).
  await expect(form.getByRole("button", { name: "Send a new code", exact: true })).toBeEnabled({
    timeout: 40_000,
  });
  await form.getByRole("button", { name: "Send a new code", exact: true }).click();
  await expect(form.getByTestId("code-expected")).toContainText("Enter code 2 of today");
  const code = await codeFromDevPhone(page, "+12015550161", 2);
  await form.getByLabel("6-digit code").fill(`${code.slice(0, 3)} ${code.slice(3)}`);
  await form.getByRole("button", { name: "Verify" }).click();
  await expect(form.getByRole("heading", { name: "You're subscribed" })).toBeVisible();
  await visitor.close();

  await page.goto("/dashboard/subscribers");
  const row = page.getByRole("row", { name: /\+1 201 555 0161/ });
  await expect(row).toContainText("Confirmed");
  await row.getByRole("link").click();
  await expect(page.getByText("Confirmed marketing consent by code")).toBeVisible();
  await expect(page.getByText("Verification code 2 of the day sent by sms")).toBeVisible();

  // Five wrong entries kill the code, and the form says why.
  const second = await browser.newContext();
  const wrongForm = await second.newPage();
  await wrongForm.goto(`/f/${slug}`);
  await wrongForm.getByLabel("Mobile number").fill("201 555 0162");
  await wrongForm.getByRole("checkbox").check();
  await wrongForm.getByRole("button", { name: "Subscribe" }).click();
  const real = await codeFromDevPhone(page, "+12015550162", 1);
  const wrong = real === "000000" ? "111111" : "000000";
  for (const left of [4, 3, 2, 1]) {
    await wrongForm.getByLabel("6-digit code").fill(wrong);
    await wrongForm.getByRole("button", { name: "Verify" }).click();
    await expect(wrongForm.getByTestId("code-error")).toHaveText(
      `That code isn't right. ${left} ${left === 1 ? "try" : "tries"} left.`,
    );
  }
  await wrongForm.getByLabel("6-digit code").fill(wrong);
  await wrongForm.getByRole("button", { name: "Verify" }).click();
  await expect(wrongForm.getByTestId("code-error")).toHaveText(
    "Too many wrong codes: this code no longer works. Ask for a new one.",
  );
  await expect(wrongForm.getByRole("button", { name: "Verify" })).toBeDisabled();
  await expect(wrongForm.getByLabel("6-digit code")).toBeDisabled();
  await second.close();

  // Expiry, shown by the form from the server's expiresAt (see the note at the top).
  const third = await browser.newContext();
  const lateForm = await third.newPage();
  await lateForm.clock.install();
  await lateForm.goto(`/f/${slug}`);
  await lateForm.getByLabel("Mobile number").fill("201 555 0163");
  await lateForm.getByRole("checkbox").check();
  await lateForm.getByRole("button", { name: "Subscribe" }).click();
  await expect(lateForm.getByTestId("code-expected")).toContainText("Enter code 1 of today");
  await expect(lateForm.getByTestId("code-error")).toHaveCount(0);
  await lateForm.clock.fastForward("05:01");
  await expect(lateForm.getByTestId("code-error")).toHaveText(
    "This code has expired. Send a new code.",
  );
  await expect(lateForm.getByRole("button", { name: "Verify" })).toBeDisabled();
  await expect(
    lateForm.getByRole("button", { name: "Send a new code", exact: true }),
  ).toBeEnabled();
  await third.close();
});

test("2FA enrollment with marketing consent; turning 2FA off keeps marketing", async ({
  page,
  browser,
}) => {
  await signUp(page, newAccount("Enroll"));
  await page.goto("/dashboard/audiences");
  await page.getByLabel("Name").fill("App users");
  await page.getByRole("button", { name: "Create audience" }).click();
  await page.waitForURL(/\/dashboard\/audiences\/\w+$/);
  const audienceId = page.url().split("/").pop()!;

  await page.goto(`/dashboard/forms?audienceId=${audienceId}`);
  await page.getByLabel("Form name").fill("Login check");
  await page.getByLabel("Kind").selectOption("ENROLLMENT");
  await page.getByLabel("Program name").fill("Bloom App");
  await page.getByRole("button", { name: "Create form" }).click();
  await page.waitForURL(/\/dashboard\/forms\/\w+$/);
  await expect(page.getByLabel("2FA consent text")).toHaveValue(/Bloom App/);
  await expect(page.getByLabel("Confirm by")).toHaveCount(0);
  await fillPublishingDetails(page);
  await page.getByRole("button", { name: "Publish version 1" }).click();
  await expect(page.getByText("Published version 1.")).toBeVisible();
  const slug = (await page.getByLabel("Address").inputValue()).trim();

  // The embedded flow: number, code, then both consents on the code screen.
  const visitor = await browser.newContext();
  const form = await visitor.newPage();
  await form.goto(`/f/${slug}?embed=1`);
  await expect(form.getByRole("checkbox")).toHaveCount(0);
  await form.getByLabel("Mobile number").fill("201 555 0171");
  await form.getByRole("button", { name: "Send code" }).click();
  await expect(form.getByTestId("code-expected")).toContainText("Enter code 1 of today");
  const twoFactor = form.getByRole("checkbox", {
    name: /verification codes by text from Bloom App/,
  });
  const marketing = form.getByRole("checkbox", { name: /marketing text messages from Bloom App/ });
  await expect(twoFactor).not.toBeChecked();
  await expect(marketing).not.toBeChecked();

  const code = await codeFromDevPhone(page, "+12015550171", 1);
  await form.getByLabel("6-digit code").fill(code);
  await form.getByRole("button", { name: "Verify" }).click();
  await expect(
    form.getByText("Tick the box to agree to receive verification codes."),
  ).toBeVisible();
  await form.getByRole("checkbox", { name: "Select all consents" }).check();
  await expect(twoFactor).toBeChecked();
  await expect(marketing).toBeChecked();
  await form.getByRole("button", { name: "Verify" }).click();
  await expect(form.getByRole("heading", { name: "Phone verified" })).toBeVisible();
  await expect(form.getByText("You're also subscribed to our texts.")).toBeVisible();
  await visitor.close();

  await page.goto("/dashboard/subscribers");
  const row = page.getByRole("row", { name: /\+1 201 555 0171/ });
  await expect(row).toContainText("Confirmed");
  await row.getByRole("link").click();
  await expect(page.getByText("Gave consent to receive verification codes (2FA)")).toBeVisible();
  await expect(
    page.getByText("Gave marketing consent (enrollment, box started unchecked)"),
  ).toBeVisible();
  await expect(page.getByText("Confirmed marketing consent by code")).toBeVisible();

  await page.getByRole("button", { name: "Turn off verification codes (2FA)" }).click();
  await page.getByLabel("Reason").fill("Asked at the help desk");
  await page.getByRole("button", { name: "Yes, turn off" }).click();
  await expect(page.getByText("Withdrew consent to verification codes (by staff)")).toBeVisible();
  await expect(
    page.getByRole("button", { name: "Turn on verification codes (2FA)" }),
  ).toBeVisible();
  // Marketing untouched: still confirmed, still withdrawable.
  await expect(page.getByRole("button", { name: "Withdraw marketing consent" })).toBeVisible();
  await page.goto("/dashboard/subscribers");
  await expect(page.getByRole("row", { name: /\+1 201 555 0171/ })).toContainText("Confirmed");
});
