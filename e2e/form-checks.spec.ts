// A new form's placeholders block publishing until filled in; the allowed-countries picker
// (search, region presets, removable chips) saves what it shows; phone numbers in dashboard
// tables stay on one line at 375 px, the table scrolling inside a focusable region.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "./support/test";
import {
  createDraftForm,
  fillPublishingDetails,
  newAccount,
  openFormEditor,
  signUp,
} from "./support/app";

async function expectNoAxeViolations(page: Page, where: string) {
  const { violations } = await new AxeBuilder({ page }).include(where).analyze();
  expect(violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
}

const chips = (page: Page) => page.getByRole("list", { name: "Chosen countries" });

test("placeholders block publishing; the country picker searches, adds regions, removes chips and saves", async ({
  page,
  browser,
}) => {
  await signUp(page, newAccount("Picker"));
  const { formId } = await createDraftForm(page, {
    audience: "Picker list",
    form: "Picker form",
    program: "Picker Deals",
  });

  // The defaults name no real contact and no links: publishing is refused, one line each.
  await expect(
    page.getByText(
      "The HELP reply still has a placeholder, “[your support email or phone]”: replace it with your real details.",
    ),
  ).toBeVisible();
  await expect(page.getByText(/must include a link to your messaging terms/).first()).toBeVisible();
  await expect(page.getByText(/must include a link to your privacy policy/).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Publish version 1" })).toBeDisabled();
  await fillPublishingDetails(page);
  // A 12-character program name pushes the stock confirmation into a second segment.
  await expect(
    page.getByText(/The confirmation message takes 2 SMS segments \(167 characters, GSM-7\)/),
  ).toBeVisible();

  // Search by name, then pick by keyboard.
  const search = page.getByLabel("Search countries");
  await search.fill("germ");
  const countries = page.getByRole("group", { name: "Countries", exact: true });
  await expect(countries.getByRole("checkbox")).toHaveCount(1);
  await countries.getByRole("checkbox", { name: "Germany (+49)" }).check();
  await search.fill("+33");
  await expect(countries.getByRole("checkbox")).toHaveCount(1);
  await countries.getByRole("checkbox", { name: "France (+33)" }).focus();
  await page.keyboard.press("Space");
  await expect(chips(page).getByRole("button")).toHaveText(["France ×", "Germany ×"]);

  // Region presets add their countries once; a chip removes its country.
  await search.fill("");
  await page.getByRole("button", { name: "DACH", exact: true }).click();
  await page.getByRole("button", { name: "North America", exact: true }).click();
  await expect(chips(page).getByRole("button")).toHaveCount(7);
  await chips(page).getByRole("button", { name: "Remove Mexico" }).click();
  await expect(chips(page).getByRole("button", { name: "Remove Mexico" })).toHaveCount(0);
  await expect(countries.getByRole("checkbox", { name: "Mexico (+52)" })).not.toBeChecked();
  // The picker only: axe over the whole editor (preview included) outlasts the test timeout here.
  await expectNoAxeViolations(page, "[data-testid=country-picker]");

  await page.getByRole("button", { name: "Publish version 1" }).click();
  await expect(page.getByText("Published version 1.")).toBeVisible();
  await openFormEditor(page, formId);
  await expect(chips(page).getByRole("button")).toHaveText([
    "Austria ×",
    "Canada ×",
    "France ×",
    "Germany ×",
    "Switzerland ×",
    "United States ×",
  ]);
  await expect(countries.getByRole("checkbox", { checked: true })).toHaveCount(6);

  // The public form links the terms and privacy policy right under the consent box.
  const slug = (await page.getByLabel("Address").inputValue()).trim();
  const visitor = await browser.newContext();
  const form = await visitor.newPage();
  await form.goto(`/f/${slug}`);
  await expect(form.getByRole("link", { name: "Terms" })).toHaveAttribute(
    "href",
    "https://acmedeals.shop/sms-terms",
  );
  await expect(form.getByRole("link", { name: "Privacy policy" })).toHaveAttribute(
    "href",
    "https://acmedeals.shop/privacy",
  );
  await visitor.close();
});

test("phone numbers stay on one line at 375 px; the table scrolls in a labelled region", async ({
  page,
  browser,
}) => {
  await signUp(page, newAccount("Narrow"));
  await createDraftForm(page, {
    audience: "Narrow list",
    form: "Narrow form",
    program: "Narrow",
  });
  await fillPublishingDetails(page);
  await page.getByRole("button", { name: "Publish version 1" }).click();
  await expect(page.getByText("Published version 1.")).toBeVisible();
  const slug = (await page.getByLabel("Address").inputValue()).trim();

  const visitor = await browser.newContext();
  const form = await visitor.newPage();
  await form.goto(`/f/${slug}`);
  await form.getByLabel("Mobile number").fill("201 555 0175");
  await form.getByRole("checkbox").check();
  await form.getByRole("button", { name: "Subscribe" }).click();
  await expect(form.getByRole("heading", { name: "Check your phone" })).toBeVisible();
  await visitor.close();

  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto("/dashboard/subscribers");
  const link = page.getByTestId("phone-cell").getByRole("link");
  await expect(link).toHaveText("+1 201 555 0175");
  const lines = await link.evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const lineHeight = parseFloat(getComputedStyle(element).lineHeight);
    return {
      fragments: range.getClientRects().length,
      height: range.getBoundingClientRect().height,
      lineHeight,
    };
  });
  expect(lines.fragments).toBe(1);
  expect(lines.height).toBeLessThanOrEqual(lines.lineHeight);

  const region = page.getByRole("region", { name: "Subscribers" });
  await region.focus();
  await expect(region).toBeFocused();
  await expectNoAxeViolations(page, "main");
});
