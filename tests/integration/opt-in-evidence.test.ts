// The public opt-in evidence routes on a real database: the form inside is the page /f/<slug>
// serves (same renderer, without its script), unknown and enrollment forms are not found, and
// the routes are rate limited per IP like every public endpoint.
import { describe, expect, it } from "vitest";
import { GET as evidencePage } from "@/app/f/[slug]/opt-in-evidence/route";
import { GET as formPage } from "@/app/f/[slug]/route";
import { escapeHtml } from "@/lib/public-form/html";
import { OPT_IN_EVIDENCE_RATE_LIMIT } from "@/lib/opt-in-evidence/opt-in-evidence-response";
import { createEnrollmentFormFixture, createPublishedFormFixture } from "../support/factories";

const get = (path: string, ip: string) =>
  new Request(`http://internal${path}`, { headers: { "x-forwarded-for": ip } });
const params = (slug: string) => ({ params: Promise.resolve({ slug }) });

describe("opt-in evidence page", () => {
  it("embeds the form exactly as served, minus its script", async () => {
    const { form } = await createPublishedFormFixture({ label: "Ev" });
    const served = await (
      await formPage(get(`/f/${form.slug}`, "198.51.100.61"), params(form.slug))
    ).text();
    const response = await evidencePage(
      get(`/f/${form.slug}/opt-in-evidence`, "198.51.100.61"),
      params(form.slug),
    );
    expect(response.status).toBe(200);
    const page = await response.text();
    const withoutScript = served.replace(/<script src="[^"]*" defer><\/script>/, "");
    expect(withoutScript).not.toBe(served);
    expect(page).toContain(`srcdoc="${escapeHtml(withoutScript)}"`);
  });

  it("is not found for unknown and enrollment forms", async () => {
    const { form } = await createEnrollmentFormFixture("EvApp");
    for (const slug of [form.slug, "no-such-form", "bad slug ☃"]) {
      const response = await evidencePage(
        get(`/f/x/opt-in-evidence`, "198.51.100.62"),
        params(slug),
      );
      expect(response.status).toBe(404);
      expect(await response.text()).toContain("This signup form is not available");
    }
  });

  it("answers 429 past its per-IP limit, and other visitors still get the page", async () => {
    const { form } = await createPublishedFormFixture({ label: "EvLimit" });
    const statuses: number[] = [];
    for (let i = 0; i <= OPT_IN_EVIDENCE_RATE_LIMIT.limit; i += 1) {
      const response = await evidencePage(get("/", "198.51.100.63"), params(form.slug));
      statuses.push(response.status);
    }
    expect(statuses.slice(0, -1).every((status) => status === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect((await evidencePage(get("/", "198.51.100.64"), params(form.slug))).status).toBe(200);
  });
});
