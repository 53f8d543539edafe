// The public form as people meet it: without JavaScript (plain POSTs, errors announced, input
// kept), embedded by embed.js at three widths (the iframe always as tall as its content),
// axe-core at zero violations in every state, and the embed script's caching.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "./support/test";
import { baseURL } from "../playwright.config";
import { createPublishedForm, newAccount, signUp } from "./support/app";

test.describe.configure({ mode: "serial" });

let slug = "";
let owner: Page;

test.beforeAll(async ({ browser }) => {
  owner = await browser.newPage();
  await signUp(owner, newAccount("Public"));
  ({ slug } = await createPublishedForm(owner, {
    audience: "Public list",
    form: "Public form",
    program: "Bloom Deals",
  }));
});

test.afterAll(async () => {
  await owner.close();
});

async function expectNoAxeViolations(page: Page, state: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(
    violations.map((violation) => `${state}: ${violation.id} (${violation.nodes.length})`),
  ).toEqual([]);
}

test("signs up without JavaScript: errors announced, input kept, YES confirms", async ({
  browser,
}) => {
  const visitor = await browser.newContext({ javaScriptEnabled: false });
  const form = await visitor.newPage();
  await form.goto(`/f/${slug}?utm_source=poster`);
  await expect(form.locator("script[src*='/_next/']")).toHaveCount(0);
  await expect(form.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(form.getByRole("main")).toBeVisible();

  // Too short and no consent: both errors, the number kept, focus on the number.
  await form.getByLabel("Mobile number").fill("201 555 01");
  await form.getByRole("button", { name: "Subscribe" }).click();
  const phone = form.getByLabel("Mobile number");
  await expect(phone).toHaveValue("201 555 01");
  await expect(phone).toHaveAttribute("aria-invalid", "true");
  await expect(phone).toHaveAccessibleDescription("That number is too short.");
  await expect(phone).toBeFocused();
  await expect(
    form.getByRole("alert").filter({ hasText: "That number is too short." }),
  ).toBeVisible();
  const consent = form.getByRole("checkbox");
  await expect(consent).toHaveAttribute("aria-invalid", "true");
  await expect(consent).toHaveAccessibleDescription("Tick the box to agree to receive texts.");

  // A landline-length typo with the box ticked goes through submitSignup's own validation.
  await phone.fill("201 555 0148");
  await consent.check();
  await form.getByRole("button", { name: "Subscribe" }).click();
  await expect(form.getByRole("heading", { level: 1, name: "Check your phone" })).toBeVisible();
  await expect(form.getByText("A text is on its way to +1 ••• ••• 0148.")).toBeVisible();
  await visitor.close();

  await owner.goto("/dashboard/dev-phone?phone=%2B12015550148");
  const conversation = owner.getByTestId("conversation");
  await expect(conversation).toContainText("Reply YES to confirm your subscription");
  await owner.getByRole("button", { name: "YES", exact: true }).click();
  await expect(conversation).toContainText("Thanks, you're subscribed!");
  await owner.goto("/dashboard/subscribers");
  const row = owner.getByRole("row", { name: /\+1 201 555 0148/ });
  await expect(row).toContainText("Confirmed");
});

test("hosted and embedded form pass axe in every state", async ({ browser }) => {
  const visitor = await browser.newContext();
  for (const path of [`/f/${slug}`, `/f/${slug}?embed=1`]) {
    const form = await visitor.newPage();
    await form.goto(path);
    await expectNoAxeViolations(form, `${path} idle`);
    await form.getByRole("button", { name: "Subscribe" }).click();
    await expect(form.getByRole("alert").first()).toBeVisible();
    await expect(form.getByLabel("Mobile number")).toBeFocused();
    await expectNoAxeViolations(form, `${path} errors`);
    await form
      .getByLabel("Mobile number")
      .fill(path.includes("embed") ? "201 555 0151" : "201 555 0150");
    await form.getByRole("checkbox").check();
    await form.getByRole("button", { name: "Subscribe" }).click();
    await expect(form.getByRole("heading", { level: 1, name: "Check your phone" })).toBeFocused();
    await expectNoAxeViolations(form, `${path} success`);
  }
  await visitor.close();
});

for (const width of [320, 768, 1280]) {
  test(`the embed iframe follows its content at ${width} px`, async ({ browser }) => {
    const visitor = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await visitor.newPage();
    // A business's page on another site: another origin (localhost rather than 127.0.0.1,
    // both real addresses of the server, so Chromium's local-network rules allow the embed),
    // with the snippet from the dashboard.
    await page.goto(`http://localhost:${new URL(baseURL).port}/embed.js`);
    await page.evaluate(
      ({ src, form }) => {
        document.body.innerHTML = "<main><h1>Shop</h1></main>";
        document.body.style.margin = "0";
        const script = document.createElement("script");
        script.src = src;
        script.dataset.optlineForm = form;
        document.querySelector("main")!.append(script);
      },
      { src: `${baseURL}/embed.js?v=test`, form: slug },
    );
    const iframe = page.locator("iframe");
    const frame = page.frameLocator("iframe");
    const button = () =>
      frame
        .getByRole("button", { name: /Subscribe|Use a different number/ })
        .or(frame.getByRole("link", { name: "Use a different number" }));

    async function expectFullyShown(state: string) {
      await expect(button().first()).toBeVisible();
      await expect
        .poll(
          async () => {
            const frameHeight = await iframe.evaluate((element) => element.clientHeight);
            const contentHeight = await frame
              .locator("body")
              .evaluate(() => document.documentElement.scrollHeight);
            const frameBox = (await iframe.boundingBox())!;
            const buttonBox = (await button().first().boundingBox())!;
            return (
              frameHeight >= contentHeight &&
              buttonBox.y + buttonBox.height <= frameBox.y + frameBox.height
            );
          },
          { message: `${state}: iframe as tall as its content at ${width} px` },
        )
        .toBe(true);
    }

    await expectFullyShown("idle");
    await frame.getByRole("button", { name: "Subscribe" }).click();
    await expect(frame.getByText("Enter your mobile number.")).toBeVisible();
    await expectFullyShown("errors");
    await frame.getByLabel("Mobile number").fill(`201 555 0${width}`.slice(0, 12));
    await frame.getByRole("checkbox").check();
    await frame.getByRole("button", { name: "Subscribe" }).click();
    await expect(frame.getByRole("heading", { name: "Check your phone" })).toBeVisible();
    await expectFullyShown("success");
    await visitor.close();
  });
}

test("the number field spans the form on a phone", async ({ browser }) => {
  const visitor = await browser.newContext({ viewport: { width: 320, height: 700 } });
  const form = await visitor.newPage();
  await form.goto(`/f/${slug}`);
  const field = (await form.getByLabel("Mobile number").boundingBox())!;
  const card = (await form.getByRole("main").boundingBox())!;
  expect(field.width).toBeGreaterThan(card.width * 0.8);
  await visitor.close();
});

test("embed.js: the versioned URL is cached for good, the bare one briefly", async ({
  request,
}) => {
  await owner.goto(`/dashboard/forms`);
  await owner.getByRole("link", { name: "Public form" }).first().click();
  const snippet = owner.getByText(/embed\.js\?v=[0-9a-f]{12}/).first();
  await expect(snippet).toBeVisible();
  const versioned = /\/embed\.js\?v=[0-9a-f]{12}/.exec((await snippet.textContent()) ?? "")![0];
  const cached = await request.get(versioned);
  expect(cached.ok()).toBe(true);
  expect(cached.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  const bare = await request.get("/embed.js");
  expect(bare.headers()["cache-control"]).toBe("public, max-age=300");
});

test("the editor previews the very page people get", async () => {
  await owner.goto("/dashboard/forms");
  await owner.getByRole("link", { name: "Public form" }).first().click();
  const preview = owner.frameLocator('iframe[title="Form preview"]');
  await expect(preview.getByTestId("consent-text")).toContainText("Bloom Deals");
  await expect(preview.getByRole("button", { name: "Subscribe" })).toBeVisible();
});

// Last: it restricts the form to one site.
test("no-JavaScript posts follow the form's allowed sites", async ({ request }) => {
  const post = (origin: string, phone: string) =>
    request.post(`/f/${slug}`, {
      form: { step: "signup", phone, country: "US", marketingConsent: "yes" },
      headers: { Origin: origin },
    });
  // No allowed sites listed: like the API, the form may be used from anywhere.
  expect((await post("https://elsewhere.example", "201 555 0152")).status()).toBe(202);

  await owner.goto("/dashboard/forms");
  await owner.getByRole("link", { name: "Public form" }).first().click();
  await owner.getByLabel("Sites allowed to embed this form").fill("https://shop.example");
  await owner.getByRole("button", { name: "Save settings" }).click();
  // Saved: the field held the typed value before the save, so only the message says so.
  await expect(owner.getByText("Settings saved.")).toBeVisible();
  await expect(owner.getByLabel("Sites allowed to embed this form")).toHaveValue(
    "https://shop.example",
  );
  const refused = await post("https://elsewhere.example", "201 555 0153");
  expect(refused.status()).toBe(403);
  expect(await refused.text()).toContain("This form can&#39;t be used from this website.");
  expect((await post(baseURL, "201 555 0154")).status()).toBe(202);
});
