// The growth charts in a real browser: after three signups (one confirmed by YES, one opted
// out by STOP), the overview's chart draws, its table holds today's numbers, the range can be
// switched to weeks, each chart's CSV downloads, and axe finds nothing in the section.
import { readFile } from "node:fs/promises";
import AxeBuilder from "@axe-core/playwright";
import { request as playwrightRequest } from "./support/test";
import { expect, test, type Page } from "./support/test";
import { createPublishedForm, newAccount, signUp } from "./support/app";

async function reply(page: Page, phone: string, button: "YES" | "STOP") {
  await page.goto(`/dashboard/dev-phone?phone=${encodeURIComponent(phone)}`);
  const conversation = page.getByTestId("conversation");
  await expect(conversation).toContainText("Reply YES to confirm your subscription");
  await page.getByRole("button", { name: button, exact: true }).click();
  await expect(conversation).toContainText(button === "YES" ? "you're subscribed" : "unsubscribed");
}

async function expectNoAxeViolationsInGrowth(page: Page, where: string) {
  const { violations } = await new AxeBuilder({ page })
    .include('section[aria-labelledby="growth-heading"]')
    .analyze();
  expect(violations.map((v) => `${where}: ${v.id} (${v.nodes.length})`)).toEqual([]);
}

test("growth chart, its table, range switch, CSV download and axe", async ({ page, baseURL }) => {
  await signUp(page, newAccount("Growth"));
  const { audienceId, formId, slug } = await createPublishedForm(page, {
    audience: "Growth list",
    form: "Growth form",
    program: "Growth Deals",
  });
  for (const phone of ["2015550191", "2015550192", "2015550193"]) {
    const signup = await page.request.post(`/api/v1/public/forms/${slug}/signups`, {
      data: { phone, country: "US", marketingConsent: true },
    });
    expect(signup.status()).toBe(202);
  }
  await reply(page, "+12015550191", "YES");
  await reply(page, "+12015550192", "STOP");

  const today = new Date().toISOString().slice(0, 10);
  await page.goto("/dashboard");
  const growth = page.getByRole("region", { name: "Growth" });
  // The plot itself (the legend's icons are small SVGs of their own): drawn, with bars.
  const plot = growth
    .getByTestId("growth-chart")
    .locator("svg.recharts-surface")
    .filter({ has: page.locator(".recharts-bar-rectangle") });
  await expect(plot).toBeVisible();
  await expect(growth.getByRole("img", { name: /Chart of signups/ })).toBeVisible();
  await expect(growth.getByRole("definition").nth(4)).toHaveText("33.3%"); // 1 of 3 confirmed

  await growth.getByText("Numbers behind the chart").click();
  const table = growth.getByRole("table", {
    name: "Signups, confirmations, opt-outs and net growth, last 30 days, per day (UTC)",
  });
  await expect(table.getByRole("row")).toHaveCount(31); // header + 30 days
  // Signups, confirmations, opt-outs, net growth.
  await expect(table.getByRole("row", { name: today }).getByRole("cell")).toHaveText([
    "3",
    "1",
    "1",
    "0",
  ]);
  await expectNoAxeViolationsInGrowth(page, "overview");

  // Per week, over 90 days: the URL carries the choice, the server draws it.
  await growth.getByLabel("Range", { exact: true }).selectOption("90d");
  await growth.getByLabel("Per", { exact: true }).selectOption("week");
  await growth.getByRole("button", { name: "Show" }).click();
  await page.waitForURL(/range=90d&interval=week/);
  const weekly = page.getByRole("table", {
    name: "Signups, confirmations, opt-outs and net growth, last 90 days, per week (UTC)",
  });
  await page.getByText("Numbers behind the chart").click();
  await expect(weekly.getByRole("row").last().getByRole("cell")).toHaveText(["3", "1", "1", "0"]);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page
      .getByRole("link", {
        name: "Download CSV of signups, confirmations, opt-outs and net growth",
      })
      .click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^optline-growth-all-90d-by-week-.*\.csv$/);
  const lines = (await readFile(await download.path(), "utf8")).trim().split("\n");
  expect(lines[0]).toBe("week_starting,signups,confirmations,opt_outs,net_growth");
  expect(lines.at(-1)).toMatch(/^\d{4}-\d{2}-\d{2},3,1,1,0$/);

  const sources = await page.request.get(`/dashboard/growth.csv?chart=sources&formId=${formId}`);
  expect(sources.status()).toBe(200);
  expect((await sources.text()).trim().split("\n")).toEqual([
    "source,signups,opt_outs,opt_out_rate",
    "Signup form (YES reply),3,1,0.3333",
  ]);
  expect(
    (await page.request.get("/dashboard/growth.csv?chart=growth&audienceId=nope")).status(),
  ).toBe(404);

  // The same section on the audience and the form.
  for (const path of [`/dashboard/audiences/${audienceId}`, `/dashboard/forms/${formId}`]) {
    await page.goto(path);
    const section = page.getByRole("region", { name: "Growth" });
    await expect(
      section
        .locator("svg.recharts-surface")
        .filter({ has: page.locator(".recharts-bar-rectangle") }),
    ).toBeVisible();
    await expect(section.getByRole("definition").first()).toHaveText("3");
    await expectNoAxeViolationsInGrowth(page, path);
  }

  // Without a session there is no data.
  const anonymous = await playwrightRequest.newContext({ baseURL });
  expect((await anonymous.get("/dashboard/growth.csv?chart=growth")).status()).toBe(401);
  await anonymous.dispose();
});
