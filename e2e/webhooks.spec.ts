// Dashboard → Webhooks: an owner adds an endpoint (the secret is shown once), sends a test
// event, and reads the delivery log after a signup, with redelivery. The receiver is a real
// local HTTP server; every request it gets is checked with the `standardwebhooks` package.
// (The Playwright server allows private targets: WEBHOOK_ALLOW_PRIVATE_TARGETS in the config.)
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "./support/test";
import { Webhook } from "standardwebhooks";
import { createPublishedForm, newAccount, signUp } from "./support/app";

test("an owner adds an endpoint, tests it and reads its delivery log", async ({ page }) => {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const answers: number[] = [];
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(answers.shift() ?? 200).end("thanks");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  try {
    await signUp(page, newAccount("Hooks"));
    const { slug } = await createPublishedForm(page, {
      audience: "Hook list",
      form: "Hook form",
      program: "Hook Club",
    });

    await page.goto("/dashboard/settings/webhooks");
    await expect(page.getByRole("heading", { level: 1, name: "Webhooks" })).toBeVisible();
    // A refused address: a clear message, the typed input stays.
    await page.getByLabel("Endpoint URL").fill("ftp://example.com/hooks");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByRole("alert").first()).toContainText("https://");
    await expect(page.getByLabel("Endpoint URL")).toHaveValue("ftp://example.com/hooks");

    await page.getByLabel("Endpoint URL").fill(url);
    await page.getByLabel("Description (optional)").fill("Sending tool");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const secret = (await page.getByTestId("webhook-secret").textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    await expect(page.getByText(url, { exact: true }).first()).toBeVisible();

    // Shown once: not on the page any more after a reload.
    await page.reload();
    await expect(page.getByText(url, { exact: true }).first()).toBeVisible();
    expect(await page.content()).not.toContain(secret.slice(6));

    await page.getByRole("button", { name: "Send test event" }).click();
    await expect(page.getByText("Test event delivered: HTTP 200.")).toBeVisible();
    const verify = (message: { headers: IncomingHttpHeaders; body: string }) =>
      new Webhook(secret).verify(message.body, {
        "webhook-id": String(message.headers["webhook-id"]),
        "webhook-timestamp": String(message.headers["webhook-timestamp"]),
        "webhook-signature": String(message.headers["webhook-signature"]),
      }) as { type: string; data: { subscriber?: { phone: string } } };
    expect(verify(received[0]!).type).toBe("webhook.test");

    // A signup: the background worker posts subscriber.pending and consent.granted.
    const signup = await page.request.post(`/api/v1/public/forms/${slug}/signups`, {
      data: { phone: "2015550191", country: "US", marketingConsent: true },
    });
    expect(signup.status()).toBe(202);
    await expect.poll(() => received.length, { timeout: 20_000 }).toBe(3);
    const events = received.slice(1).map(verify);
    expect(events.map((e) => e.type).sort()).toEqual(["consent.granted", "subscriber.pending"]);
    expect(events[0]!.data.subscriber?.phone).toBe("+12015550191");

    await page.getByRole("link", { name: "Delivery log" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Delivery log" })).toBeVisible();
    const pendingRow = page.getByRole("row").filter({ hasText: "subscriber.pending" });
    await expect(pendingRow.getByText("delivered")).toBeVisible();
    await expect(pendingRow.getByTestId("delivery-response")).toHaveText("HTTP 200");

    // Redelivery: this time the receiver fails, and the log says so.
    answers.push(500);
    await pendingRow.getByRole("button", { name: "Redeliver" }).click();
    await expect(page.getByText("Redelivery not delivered: HTTP 500.")).toBeVisible();
    await page.reload();
    await expect(
      page
        .getByRole("row")
        .filter({ hasText: "subscriber.pending" })
        .getByTestId("delivery-response"),
    ).toContainText("HTTP 500");
    // The same message again: same webhook-id as the first subscriber.pending post.
    const original = received.slice(1, 3).find((m) => verify(m).type === "subscriber.pending")!;
    expect(received).toHaveLength(4);
    expect(received[3]!.headers["webhook-id"]).toBe(original.headers["webhook-id"]);
  } finally {
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});
