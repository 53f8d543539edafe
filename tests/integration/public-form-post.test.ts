// The public form without JavaScript: a url-encoded POST to /f/<slug> goes through the same
// submitSignup as the JSON API and answers with the page again. Bad or forged posts get a
// clear answer (never a 500) and change nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as formPost } from "@/app/f/[slug]/route";
import { db } from "@/lib/db/client";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import { countRows, createPublishedFormFixture } from "../support/factories";

type Fixture = Awaited<ReturnType<typeof createPublishedFormFixture>>;

function post(
  slug: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  const request = new Request(`http://internal/f/${slug}`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "user-agent": "Mozilla/5.0 (integration test)",
      "x-forwarded-for": "203.0.113.21",
      origin: "http://optline.test",
      ...headers,
    },
    body: new URLSearchParams(fields).toString(),
  });
  return formPost(request, { params: Promise.resolve({ slug }) });
}

describe("public form POST (no JavaScript)", () => {
  let fixture: Fixture;
  let german: Fixture;
  beforeAll(async () => {
    fixture = await createPublishedFormFixture({ label: "NoJs" });
    german = await createPublishedFormFixture({ label: "NoJsDe", content: { locale: "de" } });
  });

  const signup = {
    step: "signup",
    country: "US",
    phone: "201 555 0131",
    marketingConsent: "yes",
    page: "https://shop.example/join?utm_source=poster",
    ref: "https://search.example/",
  };

  it("records the signup exactly as the API does and shows the next step", async () => {
    const response = await post(fixture.form.slug, {
      ...signup,
      formVersionId: fixture.version.id,
    });
    await outboxIdle();
    expect(response.status).toBe(202);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(await response.text()).toContain("A text is on its way to +1 ••• ••• 0131.");
    const subscriber = await db.subscriber.findFirstOrThrow({
      where: { audienceId: fixture.audience.id, phone: "+12015550131" },
    });
    expect(subscriber.status).toBe("PENDING");
    const event = await db.consentEvent.findFirstOrThrow({
      where: { subscriberId: subscriber.id, type: "signup.submitted" },
    });
    expect(event.data).toMatchObject({
      formVersionId: fixture.version.id,
      pageUrl: "https://shop.example/join?utm_source=poster",
      referrer: "https://search.example/",
      embedded: false,
      checkboxChecked: true,
    });
  });

  it("keeps the input and names both problems, in the form's language, writing nothing", async () => {
    const before = await countRows();
    const response = await post(german.form.slug, {
      ...signup,
      phone: "0151 23",
      country: "DE",
      marketingConsent: "",
    });
    expect(response.status).toBe(422);
    const page = await response.text();
    expect(page).toContain('value="0151 23"');
    expect(page).toContain("Diese Nummer ist für das gewählte Land ungültig.");
    expect(page).toContain("Bitte setzen Sie das Häkchen, um SMS zu erhalten.");
    expect(await countRows()).toEqual(before);
  });

  it("maps submitSignup's own refusals to the field, localized", async () => {
    const before = await countRows();
    const response = await post(german.form.slug, {
      ...signup,
      phone: "030 123456",
      country: "DE",
    });
    expect(response.status).toBe(422);
    const page = await response.text();
    expect(page).toMatch(/aria-invalid="true"/);
    expect(page).toContain("Das scheint eine Festnetznummer zu sein.");
    const after = await countRows();
    expect({ ...after, events: before.events }).toEqual(before);
  });

  it("refuses posts from sites the form does not allow, and allows its own", async () => {
    await db.signupForm.update({
      where: { id: fixture.form.id },
      data: { allowedOrigins: ["https://shop.example"] },
    });
    try {
      const before = await countRows();
      const forged: Record<string, string>[] = [
        { origin: "https://evil.example" },
        { origin: "null", referer: "https://evil.example/page" },
        { origin: "" },
      ];
      for (const headers of forged) {
        const response = await post(
          fixture.form.slug,
          { ...signup, phone: "201 555 0132" },
          headers,
        );
        expect(response.status).toBe(403);
        expect(await response.text()).toContain("This form can&#39;t be used from this website.");
      }
      expect(await countRows()).toEqual(before);
      const allowed = await post(
        fixture.form.slug,
        { ...signup, phone: "201 555 0133" },
        { origin: "https://shop.example" },
      );
      expect(allowed.status).toBe(202);
      await outboxIdle();
    } finally {
      await db.signupForm.update({ where: { id: fixture.form.id }, data: { allowedOrigins: [] } });
    }
  });

  it("answers forged or broken posts without a 500 and without writing", async () => {
    const before = await countRows();
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ step: "code", verificationId: "x", shown: "not-base64-json", code: "123456" }, {}],
      [{ step: "code", verificationId: "../../etc", shown: "", channel: "sms" }, {}],
      [{ step: "nonsense", phone: "x".repeat(500), marketingConsent: "yes", country: "ZZ" }, {}],
      [signup, { "content-type": "application/json" }],
      [{ ...signup, company: "", formVersionId: "not-a-version" }, {}],
    ];
    for (const [fields, headers] of cases) {
      const response = await post(fixture.form.slug, fields, headers);
      expect(response.status, JSON.stringify(fields)).toBeGreaterThanOrEqual(400);
      expect(response.status, JSON.stringify(fields)).toBeLessThan(500);
    }
    const oversized = await post(fixture.form.slug, { ...signup, page: "x".repeat(20_000) });
    expect(oversized.status).toBe(413);
    expect(await countRows()).toEqual(before);
  });

  it("answers an unknown form with 404", async () => {
    const response = await post("no-such-form", signup);
    expect(response.status).toBe(404);
  });
});
