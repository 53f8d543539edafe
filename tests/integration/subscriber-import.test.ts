// CSV import: every problem listed, column mapping, all or nothing across batches, evidence
// identical to the one-by-one path (and verifiable), tenant scoping.
import { beforeAll, describe, expect, it } from "vitest";
import { createAudience } from "@/lib/audiences/create-audience";
import { userActor } from "@/lib/consent-events/actor";
import { computeEventHash } from "@/lib/consent-events/event-hash";
import { verifyChains } from "@/lib/consent-events/verify-chain";
import { db } from "@/lib/db/client";
import { createEvidencedSubscriber } from "@/lib/subscribers/add-subscriber";
import type { CurrentMembership } from "@/lib/auth/require-membership";
import { importProgressResponse } from "@/lib/subscribers/import-progress-response";
import { IMPORT_MAX_BYTES, importSubscribers } from "@/lib/subscribers/import-subscribers";
import { exportSendingList } from "@/lib/exports/export-sending-list";
import { getSubscriber } from "@/lib/subscribers/get-subscriber";
import { countRows, createPublishedFormFixture } from "../support/factories";

let fixture: Awaited<ReturnType<typeof createPublishedFormFixture>>;
let other: Awaited<ReturnType<typeof createPublishedFormFixture>>;
let actor: ReturnType<typeof userActor>;
beforeAll(async () => {
  fixture = await createPublishedFormFixture({ label: "Importer" });
  other = await createPublishedFormFixture({ label: "Other" });
  actor = userActor(fixture.account.user, { ip: "198.51.100.30", userAgent: "staff browser" });
});

const run = (
  csv: Parameters<typeof importSubscribers>[0]["csv"],
  extra: Partial<Parameters<typeof importSubscribers>[0]> = {},
) =>
  importSubscribers({
    organizationId: fixture.organizationId,
    audienceId: fixture.audience.id,
    csv,
    defaultCountry: "US",
    actor,
    ...extra,
  });

async function* chunks(text: string, size: number) {
  const bytes = new TextEncoder().encode(text);
  for (let start = 0; start < bytes.length; start += size) yield bytes.slice(start, start + size);
}

describe("problems", () => {
  it("lists every problem with its line and column, and writes nothing", async () => {
    const before = await countRows();
    const csv = [
      "phone,consented_at,evidence,source",
      "+12015550700,2025-01-02,Form A,Shop",
      '201555,2025-01-02,"Form B,\nsecond line",Shop',
      "+12015550702,not a date,Form C,Shop",
      "+12015550703,2025-01-02,x,Shop",
      "+12015550700,2025-01-02,Form E,Shop",
      "12,never,,Shop",
    ].join("\n");
    const error = await run(csv).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      message: "Nothing was imported: 7 problems in the file",
      problems: [
        { line: 3, column: "phone", message: "That number is too short." },
        { line: 5, column: "consented_at", message: "Enter when the person consented" },
        {
          line: 6,
          column: "evidence",
          message: "Describe the evidence (a document, URL or record id)",
        },
        { line: 7, column: "phone", message: "+12015550700 appears twice in the file" },
        { line: 8, column: "consented_at", message: "Enter when the person consented" },
        {
          line: 8,
          column: "evidence",
          message: "Describe the evidence (a document, URL or record id)",
        },
        { line: 8, column: "phone", message: "That number is too short." },
      ],
    });
    expect(await countRows()).toEqual(before);
  });

  it("writes nothing when the one bad row comes after batches were written", async () => {
    const before = await countRows();
    const lines = ["phone,consented_at,evidence"];
    for (let i = 0; i < 4500; i++)
      lines.push(`+1201${String(5550000 + i).padStart(7, "0")},2025-01-02,Form ${i}`);
    lines.push("+1201,2025-01-02,Form bad");
    const error = await run(lines.join("\n")).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ problems: [{ line: 4502, column: "phone" }] });
    expect(await countRows()).toEqual(before);
    // 32 MB of rows parsed before the limit trips: over a minute on a loaded 2-core machine.
  }, 180_000);
});

describe("mapping", () => {
  it("reads the fields from the chosen columns, streamed in chunks that split characters", async () => {
    const csv =
      "Mobile,Opt-in,Proof,Where,Land,Lang,Ignored\n" +
      "0151 23456789,2025-02-03T04:05:06Z,Anmeldung Köln #9,Messe Köln,DE,de,x\n" +
      "2015550710,2025-02-04,Paper form #7,,,,y\n";
    const result = await run(chunks(csv, 3), {
      mapping: {
        phone: "Mobile",
        consentedAt: "Opt-in",
        evidence: "Proof",
        source: "Where",
        country: "Land",
        locale: "Lang",
      },
    });
    expect(result).toMatchObject({ imported: 2, skipped: 0 });
    const german = await db.subscriber.findFirstOrThrow({
      where: { audienceId: fixture.audience.id, phone: "+4915123456789" },
      include: { events: true },
    });
    expect(german).toMatchObject({ country: "DE", locale: "de", status: "CONFIRMED" });
    expect(german.events[0]?.data).toMatchObject({
      importId: result.importId,
      consent: {
        originalConsentAt: "2025-02-03T04:05:06.000Z",
        evidence: "Anmeldung Köln #9",
        source: "Messe Köln",
      },
    });
    const american = await db.subscriber.findFirstOrThrow({
      where: { audienceId: fixture.audience.id, phone: "+12015550710" },
      include: { events: true },
    });
    expect(american).toMatchObject({ country: "US", locale: "en" });
    expect(american.events[0]?.data).toMatchObject({ consent: { source: "CSV import" } });
  });

  it("refuses a mapping to a column the file does not have", async () => {
    await expect(
      run("phone,when,evidence\n+12015550720,2025-01-01,Form 1234\n", {
        mapping: { phone: "phone", consentedAt: "consented", evidence: "evidence" },
      }),
    ).rejects.toMatchObject({ fields: { csv: ["The file has no column named “consented”"] } });
  });
});

describe("custom fields", () => {
  const mapping = {
    phone: "phone",
    consentedAt: "consented_at",
    evidence: "evidence",
    customFields: { store: "Store #", loyalty_tier: "Tier" },
  };

  it("keeps mapped columns on the subscriber, shows and exports them formula-safe", async () => {
    const csv =
      "phone,consented_at,evidence,Store #,Tier,Unmapped\n" +
      '+12015550730,2025-03-01,Form 730,Köln 4,=HYPERLINK("x"),secret\n' +
      "+12015550731,2025-03-01,Form 731,,gold,secret\n";
    const result = await run(chunks(csv, 5), { mapping });
    expect(result).toMatchObject({ imported: 2 });
    const first = await db.subscriber.findFirstOrThrow({
      where: { audienceId: fixture.audience.id, phone: "+12015550730" },
    });
    expect(first.customFields).toEqual({ store: "Köln 4", loyalty_tier: '=HYPERLINK("x")' });
    // An empty cell leaves the field out; an unmapped column is never stored.
    const second = await db.subscriber.findFirstOrThrow({
      where: { audienceId: fixture.audience.id, phone: "+12015550731" },
    });
    expect(second.customFields).toEqual({ loyalty_tier: "gold" });
    // The subscriber's page lists them by name.
    const detail = await getSubscriber({
      organizationId: fixture.organizationId,
      subscriberId: first.id,
    });
    expect(detail.customFields).toEqual([
      ["loyalty_tier", '=HYPERLINK("x")'],
      ["store", "Köln 4"],
    ]);

    // The sending list has one column per custom field, each neutralized like the others.
    const started = await exportSendingList({
      organizationId: fixture.organizationId,
      actor,
      query: { format: "csv", audienceId: fixture.audience.id },
    });
    const file = await new Response(started.stream).text();
    const [header, ...lines] = file.trimEnd().split("\n");
    expect(header).toBe(
      "phone,audience_id,audience_name,marketing_granted_at,marketing_confirmed_at,subscriber_id,custom_loyalty_tier,custom_store",
    );
    expect(lines.find((line) => line.startsWith("+12015550730,"))).toMatch(
      /,"'=HYPERLINK\(""x""\)",Köln 4$/,
    );
    expect(lines.find((line) => line.startsWith("+12015550731,"))).toMatch(/,gold,$/);
    // Another organization's export knows nothing of these fields.
    const theirs = await exportSendingList({
      organizationId: other.organizationId,
      actor,
      query: { format: "csv" },
    });
    expect((await new Response(theirs.stream).text()).split("\n")[0]).not.toContain("custom_");
  });

  it("lists each bad value with its line and column, and writes nothing", async () => {
    const before = await countRows();
    const csv =
      "phone,consented_at,evidence,Store #,Tier\n" +
      "+12015550740,2025-03-01,Form 740,ok,gold\n" +
      `+12015550741,2025-03-01,Form 741,${"x".repeat(501)},gold\n` +
      "+12015550742,2025-03-01,Form 742,bad\u0001value,gold\n";
    const error = await run(csv, { mapping }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      message: "Nothing was imported: 2 problems in the file",
      problems: [
        { line: 3, column: "Store #", message: "At most 500 characters (this has 501)" },
        { line: 4, column: "Store #", message: "Contains control characters" },
      ],
    });
    expect(await countRows()).toEqual(before);
    expect(
      await db.subscriber.count({ where: { phone: { in: ["+12015550740", "+12015550741"] } } }),
    ).toBe(0);
  });

  it("refuses a custom field mapped to a column the file does not have", async () => {
    await expect(
      run("phone,consented_at,evidence\n+12015550750,2025-01-01,Form 750\n", {
        mapping: { ...mapping, customFields: { store: "Store" } },
      }),
    ).rejects.toMatchObject({ fields: { csv: ["The file has no column named “Store”"] } });
  });
});

describe("existing numbers", () => {
  it("skips numbers already in the audience (live, unsubscribed or deleted) and suppressed ones", async () => {
    const header = "phone,consented_at,evidence\n";
    await run(`${header}+12015550730,2025-01-01,Form 1234\n+12015550731,2025-01-01,Form 1234\n`);
    await db.subscriber.update({
      where: { audienceId_phone: { audienceId: fixture.audience.id, phone: "+12015550731" } },
      data: { deletedAt: new Date() },
    });
    await db.suppression.create({
      data: { organizationId: fixture.organizationId, phone: "+12015550732", reason: "test" },
    });
    const before = await countRows();
    const result = await run(
      `${header}+12015550730,2025-01-01,Form 1234\n+12015550731,2025-01-01,Form 1234\n+12015550732,2025-01-01,Form 1234\n+12015550733,2025-01-01,Form 1234\n`,
    );
    expect(result).toMatchObject({ imported: 1, skipped: 3 });
    const after = await countRows();
    expect(after.subscribers - before.subscribers).toBe(1);
    expect(after.events - before.events).toBe(1);
    const deleted = await db.subscriber.findFirstOrThrow({ where: { phone: "+12015550731" } });
    expect(deleted.deletedAt).not.toBeNull();
  });
});

describe("evidence", () => {
  it("writes the events, consents and chain heads the one-by-one path writes, and they verify", async () => {
    const second = await createAudience({
      organizationId: fixture.organizationId,
      input: { name: "Per-row list" },
    });
    const csv =
      "phone,consented_at,evidence,source,locale\n" +
      '+12015550740,2025-03-01T10:00:00Z,"Form ""A"", box 2",Store 4,fr\n' +
      "+12015550741,2025-03-02,Form B,,\n";
    const result = await run(csv);
    const bulk = await db.subscriber.findMany({
      where: { audienceId: fixture.audience.id, phone: { in: ["+12015550740", "+12015550741"] } },
      include: { events: true, consents: true },
      orderBy: { phone: "asc" },
    });
    await db.$transaction(async (tx) => {
      for (const subscriber of bulk) {
        const data = subscriber.events[0]!.data as {
          consent: { evidence: string; source: string };
        };
        await createEvidencedSubscriber(tx, {
          organizationId: fixture.organizationId,
          actor,
          method: "import",
          importId: result.importId,
          row: {
            audienceId: second.id,
            phone: subscriber.phone,
            country: subscriber.country,
            locale: subscriber.locale as "en",
            originalConsentAt: subscriber.confirmedAt!,
            evidence: data.consent.evidence,
            source: data.consent.source,
          },
        });
      }
    });
    const perRow = await db.subscriber.findMany({
      where: { audienceId: second.id },
      include: { events: true, consents: true },
      orderBy: { phone: "asc" },
    });
    const comparable = (subscriber: (typeof bulk)[number]) => ({
      subscriber: {
        phone: subscriber.phone,
        country: subscriber.country,
        locale: subscriber.locale,
        status: subscriber.status,
        confirmedAt: subscriber.confirmedAt,
        deletedAt: subscriber.deletedAt,
        unsubscribedAt: subscriber.unsubscribedAt,
      },
      events: subscriber.events.map((event) => ({
        ...event,
        id: "",
        subscriberId: "",
        chainId: "",
        hash: "",
        createdAt: null,
        data: { ...(event.data as object), audienceId: "" },
      })),
      consents: subscriber.consents.map((consent) => ({
        ...consent,
        id: "",
        subscriberId: "",
        createdAt: null,
        updatedAt: null,
      })),
    });
    expect(bulk).toHaveLength(2);
    expect(bulk.map(comparable)).toEqual(perRow.map(comparable));
    for (const subscriber of bulk) {
      const [event] = subscriber.events;
      expect(event).toMatchObject({ chainId: subscriber.id, seq: 1, prevHash: null });
      expect(computeEventHash(event!)).toBe(event!.hash);
      const head = await db.chainHead.findUniqueOrThrow({
        where: {
          organizationId_chainId: {
            organizationId: fixture.organizationId,
            chainId: subscriber.id,
          },
        },
      });
      expect(head).toMatchObject({ seq: 1, hash: event!.hash });
    }
    const verification = await verifyChains({ organizationId: fixture.organizationId });
    expect(verification).toMatchObject({ ok: true, firstBroken: null });
  });
});

describe("tenants", () => {
  it("refuses another organization's audience and writes nothing", async () => {
    const before = await countRows();
    await expect(
      run("phone,consented_at,evidence\n+12015550750,2025-01-01,Form 1234\n", {
        audienceId: other.audience.id,
      }),
    ).rejects.toMatchObject({ fields: { audienceId: ["Choose one of your audiences"] } });
    expect(await countRows()).toEqual(before);
  });

  it("does not count another organization's subscribers or suppressions", async () => {
    await db.suppression.create({
      data: { organizationId: other.organizationId, phone: "+12015550751", reason: "test" },
    });
    await importSubscribers({
      organizationId: other.organizationId,
      audienceId: other.audience.id,
      csv: "phone,consented_at,evidence\n+12015550752,2025-01-01,Form 1234\n",
      defaultCountry: "US",
      actor,
    });
    const result = await run(
      "phone,consented_at,evidence\n+12015550751,2025-01-01,Form 1234\n+12015550752,2025-01-01,Form 1234\n",
    );
    expect(result).toMatchObject({ imported: 2, skipped: 0 });
  });
});

describe("over HTTP (the dashboard's import route)", () => {
  const membership = () =>
    ({
      organizationId: fixture.organizationId,
      user: fixture.account.user,
    }) as unknown as CurrentMembership;
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    new Request("http://localhost/api/dashboard/subscribers/import", {
      method: "POST",
      headers: { "Content-Type": "text/csv", ...headers },
      body,
      duplex: "half",
    } as RequestInit);
  const lines = async (response: Response) =>
    (await response.text())
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; [key: string]: unknown });

  it("answers NDJSON progress, then the result", async () => {
    const response = await importProgressResponse({
      request: post("phone,consented_at,evidence\n+12015550760,2025-01-01,Form 1234\n"),
      membership: membership(),
      audienceId: fixture.audience.id,
      defaultCountry: "US",
      mapping: undefined,
    });
    expect(response.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const answer = await lines(response);
    expect(answer[0]).toMatchObject({ type: "progress", rows: 1 });
    expect(answer.at(-1)).toMatchObject({ type: "done", result: { imported: 1, skipped: 0 } });
  });

  it("refuses a file over the size limit, declared or streamed, and writes nothing", async () => {
    const before = await countRows();
    await expect(
      importProgressResponse({
        request: post("phone\n", { "Content-Length": String(IMPORT_MAX_BYTES + 1) }),
        membership: membership(),
        audienceId: fixture.audience.id,
        defaultCountry: "US",
        mapping: undefined,
      }),
    ).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE", message: /larger than 32 MB/ });
    const row = `+12015550770,2025-01-01,${"x".repeat(900)}\n`;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("phone,consented_at,evidence\n"));
        const chunk = new TextEncoder().encode(row.repeat(1000));
        for (let sent = 0; sent <= IMPORT_MAX_BYTES; sent += chunk.byteLength)
          controller.enqueue(chunk);
        controller.close();
      },
    });
    const answer = await lines(
      await importProgressResponse({
        request: post(stream),
        membership: membership(),
        audienceId: fixture.audience.id,
        defaultCountry: "US",
        mapping: undefined,
      }),
    );
    expect(answer.at(-1)).toMatchObject({
      type: "error",
      error: { code: "PAYLOAD_TOO_LARGE", message: expect.stringMatching(/32 MB/) as string },
    });
    expect(await countRows()).toEqual(before);
    // 32 MB of rows parsed before the limit trips: over a minute on a loaded 2-core machine.
  }, 180_000);
});
