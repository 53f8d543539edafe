// The privacy portal (/p/<org slug>) through its route handlers, on a real database: the code
// step (same machinery as every code), the session, the overview, withdrawals (evidence with
// method "portal", queued marketing texts canceled), downloads, and the withdraw link (valid,
// expired, tampered, another organization's). Bad input changes nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as portalGet, POST as portalPost } from "@/app/p/[slug]/route";
import { GET as withdrawLinkGet } from "@/app/p/[slug]/w/[token]/route";
import { GET as dataJsonGet } from "@/app/p/[slug]/data.json/route";
import { GET as proofPdfGet } from "@/app/p/[slug]/proof.pdf/route";
import { POST as formPost } from "@/app/f/[slug]/route";
import { POST as smsWebhook } from "@/app/api/webhooks/twilio/sms/route";
import { createAudience } from "@/lib/audiences/create-audience";
import { db } from "@/lib/db/client";
import { createForm } from "@/lib/forms/create-form";
import { publishForm } from "@/lib/forms/publish-form";
import { openWithdrawLink } from "@/lib/portal/open-withdraw-link";
import { issueWithdrawToken, WITHDRAW_LINK_DAYS } from "@/lib/portal/portal-tokens";
import { enqueueMessage } from "@/lib/sms/outbox";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import { verificationSecret } from "@/lib/verification/issue-code";
import {
  countRows,
  createPublishedFormFixture,
  inboundSmsParams,
  makeFormPublishable,
  signedTwilioRequest,
} from "../support/factories";

type Fixture = Awaited<ReturnType<typeof createPublishedFormFixture>>;

let ipCounter = 10;
/** Each test its own client IP, so the portal's per-IP limit never spills between tests. */
function nextIp(): string {
  ipCounter += 1;
  return `198.51.100.${ipCounter}`;
}

function headers(ip: string, cookie?: string, extra: Record<string, string> = {}) {
  return {
    "content-type": "application/x-www-form-urlencoded",
    "user-agent": "Mozilla/5.0 (portal test)",
    "x-forwarded-for": ip,
    origin: "http://optline.test",
    ...(cookie ? { cookie } : {}),
    ...extra,
  };
}

function post(
  slug: string,
  fields: Record<string, string>,
  options: { ip: string; cookie?: string; headers?: Record<string, string> },
) {
  const request = new Request(`http://internal/p/${slug}`, {
    method: "POST",
    headers: headers(options.ip, options.cookie, options.headers),
    body: new URLSearchParams(fields).toString(),
  });
  return portalPost(request, { params: Promise.resolve({ slug }) });
}

function get(path: string, options: { ip: string; cookie?: string }) {
  return new Request(`http://internal${path}`, {
    headers: headers(options.ip, options.cookie),
  });
}

function cookieOf(response: Response): string {
  const set = response.headers.get("set-cookie") ?? "";
  return set.split(";")[0]!;
}

async function signUp(slug: string, phone: string) {
  const response = await formPost(
    new Request(`http://internal/f/${slug}`, {
      method: "POST",
      headers: headers(nextIp()),
      body: new URLSearchParams({
        step: "signup",
        country: "US",
        phone,
        marketingConsent: "yes",
      }).toString(),
    }),
    { params: Promise.resolve({ slug }) },
  );
  expect(response.status).toBe(202);
  await outboxIdle();
}

/** The code in the latest portal code SMS to this number (the Dev phone's view of it). */
async function latestCode(phone: string): Promise<string> {
  const message = await db.message.findFirstOrThrow({
    where: { to: phone, kind: "code" },
    orderBy: { createdAt: "desc" },
  });
  return /(\d{3} \d{3})/.exec(message.body)![1]!.replace(" ", "");
}

/** The page's text as a person reads it (the page escapes ' and "). */
async function textOf(response: Response): Promise<string> {
  return (await response.text())
    .replaceAll("&#39;", "'")
    .replaceAll("&quot;", '"')
    .replaceAll("&amp;", "&");
}

/**
 * Moves this number's earlier code sends out of the last hour: the tests prove the same
 * number several times, which the 30 s cooldown and 5-an-hour cap rightly refuse.
 */
async function forgetCodeSends(phone: string) {
  await db.verificationCode.updateMany({
    where: { phone },
    data: { lastSentAt: new Date(Date.now() - 2 * 3600_000) },
  });
}

function field(html: string, name: string): string {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(html)![1]!;
}

/** Proves the number on the portal; returns the session cookie and the overview page. */
async function proveNumber(slug: string, national: string, e164: string, ip = nextIp()) {
  await forgetCodeSends(e164);
  const sent = await post(slug, { step: "phone", phone: national, country: "US" }, { ip });
  expect(sent.status).toBe(200);
  await outboxIdle();
  const page = await sent.text();
  const code = await latestCode(e164);
  const checked = await post(
    slug,
    {
      step: "code",
      verificationId: field(page, "verificationId"),
      shown: field(page, "shown"),
      code,
    },
    { ip },
  );
  return { response: checked, cookie: cookieOf(checked), page: await checked.text() };
}

describe("privacy portal", () => {
  let a: Fixture;
  let b: Fixture;
  let slugA: string;
  let slugB: string;
  let newsFormSlug: string;

  beforeAll(async () => {
    a = await createPublishedFormFixture({ label: "PortalA" });
    b = await createPublishedFormFixture({ label: "PortalB" });
    slugA = a.account.organization.slug;
    slugB = b.account.organization.slug;
    // A second list in organization A.
    const news = await createAudience({
      organizationId: a.organizationId,
      input: { name: "Weekly news" },
    });
    const form = await createForm({
      organizationId: a.organizationId,
      input: {
        name: "News",
        audienceId: news.id,
        programName: "Acme News",
        locale: "en",
        defaultCountry: "US",
      },
    });
    await makeFormPublishable(a.organizationId, form.id);
    await publishForm({
      organizationId: a.organizationId,
      formId: form.id,
      userId: a.account.user.id,
    });
    newsFormSlug = form.slug;
    await signUp(a.form.slug, "201 555 0141");
    await signUp(newsFormSlug, "201 555 0141");
    await signUp(a.form.slug, "201 555 0142");
    await signUp(b.form.slug, "201 555 0143");
  });

  it("texts a code, and the right code shows every list of the number with its consents", async () => {
    const { response, cookie, page } = await proveNumber(slugA, "201 555 0141", "+12015550141");
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toMatch(
      new RegExp(`^optline_portal=[^;]+; Path=/p/${slugA}; Max-Age=1800; HttpOnly; SameSite=Lax`),
    );
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(page).toContain("VIP list");
    expect(page).toContain("Weekly news");
    expect(page).toContain("Signed up on the form “Spring deals”");
    expect(page).toContain("+1 ••• ••• 0141");
    // The code SMS names the organization and says what the code is for.
    const sms = await db.message.findFirstOrThrow({
      where: { to: "+12015550141", kind: "code" },
      orderBy: { createdAt: "desc" },
    });
    expect(sms.body).toContain(a.account.organization.name);
    expect(sms.body).toContain("privacy settings");
    // The session opens the overview on a later visit.
    const again = await portalGet(get(`/p/${slugA}`, { ip: nextIp(), cookie }), {
      params: Promise.resolve({ slug: slugA }),
    });
    expect(await again.text()).toContain("Weekly news");
  });

  it("answers an unknown number exactly like a known one, and texts nobody", async () => {
    const before = await db.message.count();
    const response = await post(
      slugA,
      { step: "phone", phone: "201 555 0199", country: "US" },
      { ip: nextIp() },
    );
    expect(response.status).toBe(200);
    expect(await textOf(response)).toContain(
      `If +1 ••• ••• 0199 is on one of ${a.account.organization.name}'s lists, a code is on its way to it.`,
    );
    await outboxIdle();
    expect(await db.message.count()).toBe(before);
  });

  it("refuses a wrong code, and a code for one number never opens another's", async () => {
    const ip = nextIp();
    await forgetCodeSends("+12015550141");
    await forgetCodeSends("+12015550142");
    const first = await post(
      slugA,
      { step: "phone", phone: "201 555 0141", country: "US" },
      { ip },
    );
    const firstPage = await first.text();
    await outboxIdle();
    const codeFor0141 = await latestCode("+12015550141");
    const second = await post(
      slugA,
      { step: "phone", phone: "201 555 0142", country: "US" },
      { ip: nextIp() },
    );
    const secondPage = await second.text();
    await outboxIdle();

    // 0141's code typed into 0142's code step: wrong, no session.
    const crossed = await post(
      slugA,
      {
        step: "code",
        verificationId: field(secondPage, "verificationId"),
        shown: field(secondPage, "shown"),
        code: codeFor0141,
      },
      { ip },
    );
    expect(crossed.status).toBe(422);
    expect(crossed.headers.get("set-cookie")).toBeNull();
    expect(await textOf(crossed)).toContain("That code isn't right.");

    // 0141's own code opens 0141's lists, never 0142's (who is only on VIP list).
    const own = await post(
      slugA,
      {
        step: "code",
        verificationId: field(firstPage, "verificationId"),
        shown: field(firstPage, "shown"),
        code: codeFor0141,
      },
      { ip },
    );
    const page = await own.text();
    expect(own.status).toBe(200);
    expect(page).toContain("+1 ••• ••• 0141");
    expect(page).not.toContain("0142");
  });

  it("withdraws one list's marketing on the portal: method portal, the person as actor, queued texts canceled", async () => {
    const { cookie } = await proveNumber(slugA, "201 555 0141", "+12015550141");
    const vip = await db.subscriber.findFirstOrThrow({
      where: { audienceId: a.audience.id, phone: "+12015550141" },
    });
    const news = await db.subscriber.findFirstOrThrow({
      where: { organizationId: a.organizationId, phone: "+12015550141", NOT: { id: vip.id } },
    });
    // A marketing text waiting in the outbox (not woken, so it stays queued).
    const queued = await db.$transaction((tx) =>
      enqueueMessage(tx, {
        organizationId: a.organizationId,
        subscriberId: vip.id,
        kind: "notice",
        to: vip.phone,
        body: "Acme Deals: 20% off this weekend. Reply STOP to cancel.",
      }),
    );
    const ip = nextIp();
    const response = await post(
      slugA,
      { step: "withdraw", subscriberId: vip.id, purpose: "marketing" },
      { ip, cookie },
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Withdrawn. Nothing more will be sent for it.");

    const consent = await db.consent.findFirstOrThrow({
      where: { subscriberId: vip.id, purpose: "MARKETING" },
    });
    expect(consent.revokedAt).not.toBeNull();
    expect(consent.revokeMethod).toBe("portal");
    const event = await db.consentEvent.findFirstOrThrow({
      where: { subscriberId: vip.id, type: "marketing.revoked" },
    });
    expect(event.data).toMatchObject({ method: "portal" });
    expect(event.actorType).toBe("SUBSCRIBER");
    expect(event.actorName).toBe("+12015550141");
    expect(event.ip).toBe(ip);
    const message = await db.message.findUniqueOrThrow({ where: { id: queued.id } });
    expect(message.status).toBe("CANCELED");
    // The compliance queue lists it, done already, from the portal.
    const request = await db.privacyRequest.findFirstOrThrow({
      where: { organizationId: a.organizationId, kind: "WITHDRAWAL" },
      orderBy: { createdAt: "desc" },
    });
    expect(request).toMatchObject({ channel: "PORTAL", status: "COMPLETED", ip });
    expect(request.details).toMatchObject({ subscriberIds: [vip.id], purposes: ["marketing"] });
    // The other list is untouched.
    const other = await db.consent.findFirstOrThrow({
      where: { subscriberId: news.id, purpose: "MARKETING" },
    });
    expect(other.revokedAt).toBeNull();
  });

  it("changes nothing for another organization's list, slug or session", async () => {
    const { cookie } = await proveNumber(slugA, "201 555 0142", "+12015550142");
    const foreign = await db.subscriber.findFirstOrThrow({
      where: { organizationId: b.organizationId, phone: "+12015550143" },
    });
    const before = await countRows();
    const response = await post(
      slugA,
      { step: "withdraw", subscriberId: foreign.id, purpose: "all" },
      { ip: nextIp(), cookie },
    );
    expect(response.status).toBe(404);
    expect(await textOf(response)).toContain("That list is not one of this number's lists here.");
    // Organization A's session cookie on organization B's portal: no session there.
    const onB = await post(
      slugB,
      { step: "withdraw", subscriberId: "all", purpose: "all" },
      { ip: nextIp(), cookie },
    );
    expect(onB.status).toBe(401);
    expect(await textOf(onB)).toContain("Your session has ended.");
    // Downloads: another list id is a 404, without a session a 401.
    const pdf = await proofPdfGet(
      get(`/p/${slugA}/proof.pdf?subscriberId=${foreign.id}`, { ip: nextIp(), cookie }),
      { params: Promise.resolve({ slug: slugA }) },
    );
    expect(pdf.status).toBe(404);
    const anonymous = await dataJsonGet(get(`/p/${slugA}/data.json`, { ip: nextIp() }), {
      params: Promise.resolve({ slug: slugA }),
    });
    expect(anonymous.status).toBe(401);
    // Unknown and malformed slugs.
    for (const slug of ["no-such-org-here", "'", "../x", "x".repeat(300)]) {
      const unknown = await portalGet(get(`/p/${encodeURIComponent(slug)}`, { ip: nextIp() }), {
        params: Promise.resolve({ slug }),
      });
      expect(unknown.status).toBe(404);
    }
    // A post from another site is refused, whatever it carries.
    const crossSite = await post(
      slugA,
      { step: "withdraw", subscriberId: "all", purpose: "all" },
      { ip: nextIp(), cookie, headers: { origin: "https://evil.example" } },
    );
    expect(crossSite.status).toBe(403);
    expect(await countRows()).toEqual(before);
  });

  it("downloads the number's own data: JSON with every list, the PDF of one", async () => {
    const { cookie } = await proveNumber(slugA, "201 555 0141", "+12015550141");
    const json = await dataJsonGet(get(`/p/${slugA}/data.json`, { ip: nextIp(), cookie }), {
      params: Promise.resolve({ slug: slugA }),
    });
    expect(json.status).toBe(200);
    expect(json.headers.get("content-disposition")).toMatch(/^attachment; filename="my-data-/);
    const body = (await json.json()) as {
      phone: string;
      proofs: { data: { subject: { phone: string } } }[];
    };
    expect(body.phone).toBe("+12015550141");
    expect(body.proofs).toHaveLength(2);
    expect(body.proofs.every((proof) => proof.data.subject.phone === "+12015550141")).toBe(true);
    const own = await db.subscriber.findFirstOrThrow({
      where: { audienceId: a.audience.id, phone: "+12015550141" },
    });
    const pdf = await proofPdfGet(
      get(`/p/${slugA}/proof.pdf?subscriberId=${own.id}`, { ip: nextIp(), cookie }),
      { params: Promise.resolve({ slug: slugA }) },
    );
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    const accesses = await db.privacyRequest.findMany({
      where: { organizationId: a.organizationId, kind: "ACCESS" },
      orderBy: { createdAt: "asc" },
    });
    expect(accesses.map((request) => request.details)).toEqual([
      { format: "json" },
      { format: "pdf", subscriberIds: [own.id] },
    ]);
  });

  it("asks for erasure: queued for approval (the default), nothing erased yet", async () => {
    const { cookie } = await proveNumber(slugA, "201 555 0142", "+12015550142");
    const response = await post(slugA, { step: "erase" }, { ip: nextIp(), cookie });
    expect(response.status).toBe(200);
    expect(await textOf(response)).toContain("Your request is recorded.");
    const request = await db.privacyRequest.findFirstOrThrow({
      where: { organizationId: a.organizationId, kind: "ERASURE" },
    });
    expect(request).toMatchObject({ channel: "PORTAL", status: "AWAITING_APPROVAL" });
    const subscriber = await db.subscriber.findFirstOrThrow({
      where: { organizationId: a.organizationId, phone: "+12015550142" },
    });
    expect(subscriber.deletedAt).toBeNull();
    // Without a session: nothing asked.
    const anonymous = await post(slugA, { step: "erase" }, { ip: nextIp() });
    expect(anonymous.status).toBe(401);
    expect(await db.privacyRequest.count({ where: { kind: "ERASURE" } })).toBe(1);
  });

  describe("withdraw link", () => {
    async function subscriberOf(organizationId: string, phone: string) {
      return db.subscriber.findFirstOrThrow({ where: { organizationId, phone } });
    }
    function open(slug: string, token: string) {
      return withdrawLinkGet(get(`/p/${slug}/w/${token}`, { ip: nextIp() }), {
        params: Promise.resolve({ slug, token }),
      });
    }

    it("opens the portal proven for that number and list, changing nothing by itself", async () => {
      const subscriber = await subscriberOf(a.organizationId, "+12015550142");
      const token = issueWithdrawToken(
        {
          organizationId: a.organizationId,
          subscriberId: subscriber.id,
          phone: subscriber.phone,
          now: new Date(),
        },
        verificationSecret(),
      );
      const before = await countRows();
      const response = await open(slugA, token);
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(`/p/${slugA}?lang=en#list-${subscriber.id}`);
      const cookie = cookieOf(response);
      expect(cookie).toMatch(/^optline_portal=/);
      expect(await countRows()).toEqual(before);
      const page = await portalGet(get(`/p/${slugA}`, { ip: nextIp(), cookie }), {
        params: Promise.resolve({ slug: slugA }),
      });
      const html = await page.text();
      expect(html).toContain("You opened the link for VIP list.");
      expect(html).toContain(`data-testid="withdraw-marketing-${subscriber.id}"`);
    });

    it("refuses an expired, tampered or other organization's link with a clear message", async () => {
      const subscriber = await subscriberOf(a.organizationId, "+12015550142");
      const facts = {
        organizationId: a.organizationId,
        subscriberId: subscriber.id,
        phone: subscriber.phone,
      };
      const longAgo = new Date(Date.now() - (WITHDRAW_LINK_DAYS + 1) * 86_400_000);
      const expired = issueWithdrawToken({ ...facts, now: longAgo }, verificationSecret());
      const before = await countRows();

      const expiredResponse = await open(slugA, expired);
      expect(expiredResponse.status).toBe(410);
      expect(expiredResponse.headers.get("set-cookie")).toBeNull();
      expect(await textOf(expiredResponse)).toContain("This link has expired");

      const valid = issueWithdrawToken({ ...facts, now: new Date() }, verificationSecret());
      const [id, expiry, signature] = valid.split(".");
      const tampered = [
        `${id}.${(parseInt(expiry!, 36) + 86_400).toString(36)}.${signature}`,
        `${id}.${expiry}.${signature!.slice(0, 5)}${signature![5] === "A" ? "B" : "A"}${signature!.slice(6)}`,
        `${(await subscriberOf(a.organizationId, "+12015550141")).id}.${expiry}.${signature}`,
        "not-a-token",
        "x".repeat(300),
      ];
      for (const token of tampered) {
        const response = await open(slugA, token);
        expect(response.status, token).toBe(400);
        expect(response.headers.get("set-cookie")).toBeNull();
        expect(await textOf(response)).toContain("This link doesn't work");
      }
      // A genuine link of organization A, opened on organization B's portal.
      const elsewhere = await open(slugB, valid);
      expect(elsewhere.status).toBe(400);
      expect(elsewhere.headers.get("set-cookie")).toBeNull();
      // Organization B's subscriber in a link signed for A's organization id.
      const foreign = await subscriberOf(b.organizationId, "+12015550143");
      const forged = issueWithdrawToken(
        { ...facts, subscriberId: foreign.id, phone: foreign.phone, now: new Date() },
        verificationSecret(),
      );
      expect((await open(slugB, forged)).status).toBe(400);
      expect(
        (await openWithdrawLink(slugA, forged, get(`/p/${slugA}/w/x`, { ip: nextIp() }))).status,
      ).toBe(400);
      expect(await countRows()).toEqual(before);
    });
  });
});

describe("{withdraw_link} in messages", () => {
  it("puts the person's own signed link in the confirmation and the HELP reply", async () => {
    const fixture = await createPublishedFormFixture({
      label: "LinkMsg",
      content: {
        confirmationMessage:
          "{program}: Reply YES to confirm. {frequency} {rates} HELP for help, STOP to cancel. {withdraw_link}",
        helpText:
          "{program}: Help at help@acmedeals.shop. Reply STOP to cancel or use {withdraw_link}",
      },
    });
    const slug = fixture.account.organization.slug;
    await signUp(fixture.form.slug, "201 555 0151");
    const subscriber = await db.subscriber.findFirstOrThrow({
      where: { organizationId: fixture.organizationId, phone: "+12015550151" },
    });
    const linkPattern = new RegExp(
      `http://optline\\.test/p/${slug}/w/(${subscriber.id}\\.[a-z0-9]+\\.[\\w-]+)`,
    );
    const confirmation = await db.message.findFirstOrThrow({
      where: { subscriberId: subscriber.id, kind: "confirmation" },
    });
    const confirmationToken = linkPattern.exec(confirmation.body)?.[1];
    expect(confirmationToken, confirmation.body).toBeDefined();

    const help = await smsWebhook(
      signedTwilioRequest("/api/webhooks/twilio/sms", inboundSmsParams("+12015550151", "HELP")),
    );
    expect(help.status).toBe(200);
    const twiml = await help.text();
    const helpToken = linkPattern.exec(twiml)?.[1];
    expect(helpToken, twiml).toBeDefined();

    for (const token of [confirmationToken!, helpToken!]) {
      const opened = await withdrawLinkGet(get(`/p/${slug}/w/${token}`, { ip: nextIp() }), {
        params: Promise.resolve({ slug, token }),
      });
      expect(opened.status).toBe(303);
    }
  });
});
