// Exports from the dashboard in a real browser: filters, downloads of consent records and of
// the sending list, and the manifest (rows, SHA-256, who) shown for each file afterwards.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "./support/test";
import { createPublishedForm, newAccount, signUp } from "./support/app";

const HOSTILE_USER_AGENT = '=HYPERLINK("https://evil.example","x")';

/** Clicks a Download button: it submits the filters as the form shows them. */
async function downloadFrom(page: Page, linkName: string) {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: linkName }).click(),
  ]);
  const bytes = await readFile(await download.path());
  return {
    filename: download.suggestedFilename(),
    text: bytes.toString("utf8"),
    sha256: createHash("sha256").update(bytes).digest("hex"),
  };
}

test("download consent records and a sending list from the dashboard", async ({ page }) => {
  test.setTimeout(120_000);
  await signUp(page, newAccount("Exports"));
  const { slug } = await createPublishedForm(page, {
    audience: "Export list",
    form: "Export form",
    program: "Export Club",
  });
  for (const phone of ["2015550921", "2015550922"]) {
    const response = await page.request.post(`/api/v1/public/forms/${slug}/signups`, {
      headers: { "User-Agent": HOSTILE_USER_AGENT },
      data: { phone, country: "US", marketingConsent: true },
    });
    expect(response.status()).toBe(202);
  }
  // 0921 confirms by YES; 0922 stays pending.
  await page.goto("/dashboard/dev-phone?phone=%2B12015550921");
  await page.getByRole("button", { name: "YES", exact: true }).click();
  await expect(page.getByTestId("conversation")).toContainText("Export Club: Thanks");

  await page.goto("/compliance/exports");
  await expect(page.getByRole("heading", { level: 1, name: "Exports" })).toBeVisible();

  // A reversed range is refused next to its field, and nothing is downloaded or recorded.
  await page.getByLabel("From", { exact: true }).fill("2030-01-02");
  await page.getByLabel("To", { exact: true }).fill("2030-01-01");
  let downloads = 0;
  page.on("download", () => downloads++);
  await page.getByRole("button", { name: "Download consent records (CSV)" }).click();
  await expect(page.getByText("Must not be before “from”")).toBeVisible();
  await expect(
    page.getByRole("alert").filter({ hasText: "Correct the filters to download." }),
  ).toBeVisible();
  await expect(page.getByLabel("From", { exact: true })).toHaveValue("2030-01-02");
  await expect(page.getByLabel("To", { exact: true })).toBeFocused();
  expect(downloads).toBe(0);

  await page.goto("/compliance/exports");
  const all = await downloadFrom(page, "Download consent records (CSV)");
  expect(all.filename).toMatch(/^optline-consent-events-\d{4}-\d{2}-\d{2}-\w+\.csv$/);
  const [header, ...lines] = all.text.trimEnd().split("\n");
  expect(header).toBe(
    "event_id,chain_seq,occurred_at,type,subscriber_id,phone,audience_id,audience_name,actor_type,actor_name,ip,user_agent,data,hash,prev_hash",
  );
  const signups = lines.filter((line) => line.includes(",signup.submitted,"));
  expect(signups).toHaveLength(2);
  for (const line of signups) {
    expect(line).toMatch(
      /^[\w-]+,1,\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z,signup\.submitted,/,
    );
    // The hostile user agent is neutralized: quote prefix, inside an RFC 4180 quoted cell.
    expect(line).toContain(`"'=HYPERLINK(""https://evil.example"",""x"")"`);
  }
  expect(lines.some((line) => line.includes(",marketing.confirmed,"))).toBe(true);

  // Filters narrow the file as soon as they are chosen in the form: no "apply" step.
  await page.locator("summary", { hasText: "Event types" }).click();
  await page.getByRole("checkbox", { name: "signup.submitted" }).check();
  const filtered = await downloadFrom(page, "Download consent records (CSV)");
  const filteredLines = filtered.text.trimEnd().split("\n").slice(1);
  expect(filteredLines).toHaveLength(2);
  expect(filteredLines.every((line) => line.includes(",signup.submitted,"))).toBe(true);

  const list = await downloadFrom(page, "Download sending list (CSV)");
  expect(list.filename).toMatch(/^optline-sending-list-\d{4}-\d{2}-\d{2}-\w+\.csv$/);
  const [listHeader, ...listRows] = list.text.trimEnd().split("\n");
  expect(listHeader).toBe(
    "phone,audience_id,audience_name,marketing_granted_at,marketing_confirmed_at,subscriber_id",
  );
  expect(listRows).toHaveLength(1);
  expect(listRows[0]).toMatch(
    /^\+12015550921,\w+,Export list,\d{4}-\d{2}-\d{2}T[\d:.]+Z,\d{4}-\d{2}-\d{2}T[\d:.]+Z,\w+$/,
  );

  // Each download is listed with its manifest: the SHA-256 of exactly the bytes received.
  await page.reload();
  const table = page.getByRole("table", { name: "Past exports" });
  await expect(table.getByRole("row")).toHaveCount(4);
  for (const file of [all, filtered, list]) {
    const id = file.filename.replace(/^.*-(\w+)\.(csv|ndjson)$/, "$1");
    const row = table.locator(`tr[data-export-id="${id}"]`);
    await expect(row).toContainText("completed");
    await expect(row).toContainText(file.sha256);
    await expect(row).toContainText("Test Owner");
  }
  await expect(table.locator(`tr[data-export-id]`).first()).toContainText("Sending list, CSV");
});
