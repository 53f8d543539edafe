// Dashboard → Senders: an owner configures the organization's own Twilio sender against the
// local fake Twilio (the server's TWILIO_API_URL, see playwright.config.ts), checks the
// connection (a wrong token, then a number whose webhook points elsewhere), sets the webhook
// through Twilio's API, and checks again. The auth token is never shown back.
import { baseURL, FAKE_TWILIO_PORT } from "../playwright.config";
import { FakeTwilio } from "../tests/support/fake-twilio";
import { expect, test } from "./support/test";
import { newAccount, signUp } from "./support/app";

const ACCOUNT = `AC${"e".repeat(32)}`;
const TOKEN = "e2eTokenEeeeeeeeeeeeeeeeeeeeee42";
const NUMBER = "+12025550177";

let twilio: FakeTwilio;

test.beforeAll(async () => {
  twilio = await new FakeTwilio({ accountSid: ACCOUNT, authToken: TOKEN }).start(FAKE_TWILIO_PORT);
});

test.afterAll(async () => {
  await twilio.stop();
});

test("an owner adds a sender, checks its connection and sets its webhook", async ({ page }) => {
  const number = twilio.addIncomingNumber(ACCOUNT, NUMBER, "https://old-host.example/sms");
  await signUp(page, newAccount("Senders"));
  await page.goto("/dashboard/settings/senders");
  await expect(page.getByRole("heading", { level: 1, name: "Senders" })).toBeVisible();

  const create = page
    .locator("form")
    .filter({ has: page.getByRole("button", { name: "Add sender" }) });
  // A malformed Account SID: a clear message, the typed input stays.
  await create.getByLabel("Name").fill("Main line");
  await create.getByLabel("Account SID").fill("AC123");
  await create.getByLabel("Auth token").fill("wrongTokenXxxxxxxxxxxxxxxxxxxxx1");
  await create.getByLabel("Numbers").fill(NUMBER);
  await create.getByRole("button", { name: "Add sender" }).click();
  await expect(create.getByRole("alert").first()).toBeVisible();
  await expect(create.getByText("An Account SID is AC followed by 32")).toBeVisible();
  await expect(create.getByLabel("Account SID")).toHaveValue("AC123");

  await create.getByLabel("Account SID").fill(ACCOUNT);
  await create.getByRole("button", { name: "Add sender" }).click();
  await expect(create.getByText("Sender added.")).toBeVisible();

  // The wrong token: Twilio refuses it, and the page says so.
  await page.getByRole("button", { name: "Check connection" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "Twilio refused these credentials" }),
  ).toBeVisible();
  await expect(page.getByText("wrongTokenXxxxxxxxxxxxxxxxxxxxx1")).toHaveCount(0);

  // The right token, through Edit: only the last 4 characters were ever shown.
  await page.getByText("Edit Main line").click();
  const edit = page
    .locator("form")
    .filter({ has: page.getByRole("button", { name: "Save sender" }) });
  await expect(edit.getByText("Saved, ending in xxx1.")).toBeVisible();
  await expect(edit.getByLabel("Auth token")).toHaveValue("");
  await edit.getByLabel("Auth token").fill(TOKEN);
  await edit.getByRole("button", { name: "Save sender" }).click();
  await expect(edit.getByText("Sender saved.")).toBeVisible();

  const ours = `${baseURL}/api/webhooks/twilio/sms`;
  await page.getByRole("button", { name: "Check connection" }).click();
  await expect(
    page
      .getByRole("alert")
      .filter({ hasText: `its texts go to https://old-host.example/sms, not to ${ours}` }),
  ).toBeVisible();

  await page.getByRole("button", { name: "Set webhook to optline" }).click();
  await expect(page.getByText(`Inbound webhook set to optline on ${NUMBER}.`)).toBeVisible();
  expect(number.smsUrl).toBe(ours);

  await page.getByRole("button", { name: "Check connection" }).click();
  await expect(page.getByText("its texts come to optline")).toBeVisible();
});
