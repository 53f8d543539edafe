// The public form's JavaScript budget: the enhanced page must stay under 40 KB of compressed
// JavaScript (a size budget, measured in Chromium, not a timing).
import { expect, test } from "./support/test";
import { createPublishedForm, newAccount, signUp } from "./support/app";
import { measureJsWeight } from "./support/js-weight";

const BUDGET_BYTES = 40 * 1024;

test("the public form ships under 40 KB of compressed JavaScript", async ({ page, browser }) => {
  await signUp(page, newAccount("Weight"));
  const { slug } = await createPublishedForm(page, {
    audience: "Weight list",
    form: "Weight form",
    program: "Bloom Deals",
  });
  const visitor = await browser.newContext();
  for (const path of [`/f/${slug}`, `/f/${slug}?embed=1`]) {
    const weight = await measureJsWeight(await visitor.newPage(), path);
    console.log(
      `[form-weight] ${path}: ${(weight.totalGzipBytes / 1024).toFixed(1)} KB gzip JS ` +
        `(${weight.files.length} files, inline ${(weight.inlineGzipBytes / 1024).toFixed(1)} KB)`,
    );
    expect(weight.totalGzipBytes).toBeLessThan(BUDGET_BYTES);
  }
  await visitor.close();
});
