// No 404 for the favicon, and branded pages for unknown addresses.
import { expect, test } from "./support/test";

test("favicon is served and unknown addresses get branded not-found pages", async ({ page }) => {
  const favicon = await page.request.get("/favicon.ico");
  expect(favicon.status()).toBe(200);
  expect((await favicon.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  expect((await page.request.get("/icon.svg")).status()).toBe(200);

  const form = await page.goto("/f/no-such-form-here");
  expect(form?.status()).toBe(404);
  await expect(
    page.getByRole("heading", { level: 1, name: "This signup form is not available" }),
  ).toBeVisible();

  const other = await page.goto("/no-such-page");
  expect(other?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to the dashboard" })).toBeVisible();
});
