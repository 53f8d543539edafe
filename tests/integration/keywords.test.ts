// Text-to-join keywords through the real SMS webhook route, on both databases: a keyword from a
// new number starts the same double opt-in as a form (confirmation SMS, then YES) with the
// keyword text as evidence; keywords match case- and accent-insensitively, are unique per
// sender, never shadow STOP/START/HELP/YES, and a keyword from a subscribed number only says so.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as smsWebhook } from "@/app/api/webhooks/twilio/sms/route";
import { getProof } from "@/lib/compliance/get-proof";
import { keywordLine } from "@/lib/compliance/proof-types";
import { parseEventData } from "@/lib/consent-events/event-types";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { SYSTEM_ACTOR } from "@/lib/consent-events/actor";
import { getEnv } from "@/lib/env";
import { renderFormSms } from "@/lib/forms/form-content";
import { createSender, setAudienceSender } from "@/lib/senders/manage-senders";
import { signTwilioRequest } from "@/lib/sms/twilio-signature";
import {
  addFormKeyword,
  listFormKeywords,
  removeFormKeyword,
} from "@/lib/keywords/manage-form-keywords";
import {
  createPublishedFormFixture,
  inboundSmsParams,
  newMessageSid,
  signedTwilioRequest,
  uniqueSuffix,
} from "../support/factories";

type Fixture = Awaited<ReturnType<typeof createPublishedFormFixture>>;

async function text(from: string, body: string, sid = newMessageSid()) {
  const response = await smsWebhook(
    signedTwilioRequest("/api/webhooks/twilio/sms", inboundSmsParams(from, body, sid)),
  );
  expect(response.status).toBe(200);
  return { twiml: await response.text(), sid };
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).fields?.keyword?.[0] ?? (error as AppError).message;
}

/** A sender of the fixture's own (one long code), with the fixture's audience moved onto it. */
async function ownLine(own: Fixture, name: string, number: string) {
  const token = `token${uniqueSuffix().padEnd(27, "k")}`;
  const accountSid = `AC${uniqueSuffix().repeat(4)}`;
  const sender = await createSender({
    organizationId: own.organizationId,
    actor: SYSTEM_ACTOR,
    input: { name, accountSid, authToken: token, numberType: "LONG_CODE", numbers: number },
  });
  await setAudienceSender({
    organizationId: own.organizationId,
    audienceId: own.audience.id,
    senderId: sender.id,
    actor: SYSTEM_ACTOR,
  });
  return { sender, token, accountSid, number };
}

/** A text to that sender's number, signed with its account's token. */
async function textLine(line: Awaited<ReturnType<typeof ownLine>>, from: string, body: string) {
  const path = "/api/webhooks/twilio/sms";
  const params = { ...inboundSmsParams(from, body), To: line.number, AccountSid: line.accountSid };
  const signature = signTwilioRequest(`${getEnv().publicBaseUrl}${path}`, params, line.token);
  const response = await smsWebhook(signedTwilioRequest(path, params, signature));
  expect(response.status).toBe(200);
  return response.text();
}

describe("text-to-join keywords", () => {
  let fixture: Fixture;
  // Keywords are unique per sender, and the default sender is the whole installation's.
  const word = `CAFÉ${uniqueSuffix().replace(/\d/g, "X").toUpperCase()}`;
  beforeAll(async () => {
    fixture = await createPublishedFormFixture({ label: "Kw" });
    await addFormKeyword({
      organizationId: fixture.organizationId,
      formId: fixture.form.id,
      input: { keyword: word },
    });
  });

  it("starts the double opt-in from a new number, whatever the case and accents, with the text as evidence", async () => {
    const phone = "+12015550142";
    const typed = `  ${word.toLowerCase().replace("É", "e").replace("é", "e")}! `;
    const { twiml, sid } = await text(phone, typed);
    const confirmation = renderFormSms(fixture.version.confirmationMessage, fixture.version);
    expect(twiml).toContain(confirmation.replaceAll("&", "&amp;"));

    const subscriber = await db.subscriber.findUniqueOrThrow({
      where: { audienceId_phone: { audienceId: fixture.audience.id, phone } },
      include: { consents: true },
    });
    expect(subscriber).toMatchObject({
      status: "PENDING",
      formId: fixture.form.id,
      formVersionId: fixture.version.id,
      country: "US",
    });
    expect(subscriber.consents[0]).toMatchObject({
      purpose: "MARKETING",
      grantMethod: "keyword",
      confirmedAt: null,
    });
    const [granted] = await db.consentEvent.findMany({ where: { subscriberId: subscriber.id } });
    const parsed = parseEventData("marketing.granted", granted!.data);
    if (parsed.type !== "marketing.granted") throw new Error("not a grant");
    const { data } = parsed;
    expect(granted!.type).toBe("marketing.granted");
    expect(data).toMatchObject({
      method: "keyword",
      keyword: word,
      formId: fixture.form.id,
      formVersionId: fixture.version.id,
      inbound: { sid, from: phone, to: inboundSmsParams(phone, "").To, body: typed },
    });
    // The answer is the confirmation SMS of the subscriber, on record as such.
    const reply = await db.message.findUniqueOrThrow({ where: { id: data.replyMessageId! } });
    expect(reply).toMatchObject({
      kind: "confirmation",
      subscriberId: subscriber.id,
      body: confirmation,
    });

    // Then YES, exactly as after a form signup.
    const yes = await text(phone, "YES");
    expect(yes.twiml).toContain("Thanks, you");
    const confirmed = await db.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } });
    expect(confirmed.status).toBe("CONFIRMED");
    const types = (
      await db.consentEvent.findMany({
        where: { subscriberId: subscriber.id },
        orderBy: { seq: "asc" },
      })
    ).map((e) => e.type);
    expect(types).toEqual(["marketing.granted", "marketing.confirmed"]);

    // The proof shows the keyword text, not a checkbox the person never saw.
    const proof = await getProof({
      organizationId: fixture.organizationId,
      subscriberId: subscriber.id,
    });
    expect(proof.data.marketingGrants).toEqual([
      expect.objectContaining({
        method: "keyword",
        keyword: {
          keyword: word,
          body: typed,
          from: phone,
          to: inboundSmsParams(phone, "").To,
          sid,
          receivedAt: expect.any(String) as string,
        },
      }),
    ]);
    expect(keywordLine(proof.data.marketingGrants[0]!.keyword!)).toContain(`texted “${typed}”`);
  });

  it("signs up once when Twilio delivers the same keyword text again, or twice at once", async () => {
    const rows = async (phone: string) => ({
      subscribers: await db.subscriber.count({ where: { phone } }),
      events: await db.consentEvent.count({ where: { subscriber: { phone } } }),
      outbound: await db.message.count({ where: { to: phone, direction: "OUTBOUND" } }),
      inbound: await db.message.count({ where: { from: phone, direction: "INBOUND" } }),
    });
    const once = { subscribers: 1, events: 1, outbound: 1, inbound: 1 };

    // A retry after the first answer: the same answer, nothing written.
    const first = await text("+12015550143", word);
    expect(await rows("+12015550143")).toEqual(once);
    expect(await text("+12015550143", word, first.sid)).toEqual(first);
    expect(await rows("+12015550143")).toEqual(once);

    // Two deliveries racing: one signup, one confirmation text.
    const sid = newMessageSid();
    await Promise.all([text("+12015550144", word, sid), text("+12015550144", word, sid)]);
    expect(await rows("+12015550144")).toEqual(once);
  });

  it("answers a keyword from a subscribed number with “already subscribed”, changing nothing", async () => {
    const phone = "+12015550143";
    await text(phone, word);
    await text(phone, "yes");
    const subscriber = await db.subscriber.findUniqueOrThrow({
      where: { audienceId_phone: { audienceId: fixture.audience.id, phone } },
    });
    const before = await db.consentEvent.count({ where: { subscriberId: subscriber.id } });
    const { twiml } = await text(phone, word);
    expect(twiml).toContain("You're already subscribed");
    expect(await db.consentEvent.count({ where: { subscriberId: subscriber.id } })).toBe(before);
    expect((await db.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).status).toBe(
      "CONFIRMED",
    );
  });

  it("refuses reserved words and their synonyms, and creates nothing", async () => {
    for (const reserved of [
      "STOP",
      "arrêt",
      "Unsubscribe",
      "START",
      "YES",
      "oui",
      "HELP",
      "info",
    ]) {
      expect(
        await refusal(
          addFormKeyword({
            organizationId: fixture.organizationId,
            formId: fixture.form.id,
            input: { keyword: reserved },
          }),
        ),
      ).toMatch(/is reserved: people text it to/);
    }
    expect(
      (
        await listFormKeywords({ organizationId: fixture.organizationId, formId: fixture.form.id })
      ).map((k) => k.keyword),
    ).toEqual([word]);
  });

  it("keeps a keyword unique on its sender, across forms and organizations, whatever the case and accents", async () => {
    const other = await createPublishedFormFixture({ label: "Kw2" });
    const variant = word.replace("É", "E").toLowerCase();
    expect(
      await refusal(
        addFormKeyword({
          organizationId: other.organizationId,
          formId: other.form.id,
          input: { keyword: variant },
        }),
      ),
    ).toMatch(/is already a keyword on this number/);
    expect(await db.formKeyword.count({ where: { organizationId: other.organizationId } })).toBe(0);
  });

  it("lets another sender use the same keyword: each number signs up to its own form", async () => {
    const own = await createPublishedFormFixture({ label: "Kw4" });
    const line = await ownLine(own, "Own line", "+12025550177");
    const added = await addFormKeyword({
      organizationId: own.organizationId,
      formId: own.form.id,
      input: { keyword: word },
    });
    expect(added.senderId).toBe(line.sender.id);

    const phone = "+12015550145";
    expect(await textLine(line, phone, word)).toContain("Reply YES to confirm");
    // Signed up on the sender's organization's form, not on the default sender's.
    expect(
      await db.subscriber.findFirst({ where: { audienceId: own.audience.id, phone } }),
    ).toMatchObject({ status: "PENDING", formId: own.form.id });
    expect(await db.subscriber.count({ where: { audienceId: fixture.audience.id, phone } })).toBe(
      0,
    );
  });

  it("moves a form's keywords with its audience to another sender, never onto a keyword taken there", async () => {
    const own = await createPublishedFormFixture({ label: "Kw5" });
    const moving = `MOVE${uniqueSuffix().replace(/\d/g, "Q").toUpperCase()}`;
    await addFormKeyword({
      organizationId: own.organizationId,
      formId: own.form.id,
      input: { keyword: moving },
    });
    const line = await ownLine(own, "New line", "+12025550178");
    const { sender } = line;
    const keywordsOf = () => db.formKeyword.findMany({ where: { formId: own.form.id } });
    expect(await keywordsOf()).toEqual([expect.objectContaining({ senderId: sender.id })]);

    // Texted to the new number, it signs up to the form.
    const phone = "+12015550146";
    expect(await textLine(line, phone, moving)).toContain("Reply YES to confirm");
    expect(
      await db.subscriber.findFirst({ where: { audienceId: own.audience.id, phone } }),
    ).toMatchObject({ status: "PENDING", formId: own.form.id });

    // The default sender's number meanwhile gave the word to another form: moving back would
    // make it ambiguous, so the move is refused and nothing changes.
    await addFormKeyword({
      organizationId: fixture.organizationId,
      formId: fixture.form.id,
      input: { keyword: moving },
    });
    const error = await setAudienceSender({
      organizationId: own.organizationId,
      audienceId: own.audience.id,
      senderId: null,
      actor: SYSTEM_ACTOR,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).fields?.senderId?.[0]).toContain("already used on that sender");
    expect(await db.audience.findUniqueOrThrow({ where: { id: own.audience.id } })).toMatchObject({
      senderId: sender.id,
    });
    expect(await keywordsOf()).toEqual([expect.objectContaining({ senderId: sender.id })]);
  });

  it("is managed within its organization only, and leaves YES and STOP alone", async () => {
    const other = await createPublishedFormFixture({ label: "Kw3" });
    const [keyword] = await listFormKeywords({
      organizationId: fixture.organizationId,
      formId: fixture.form.id,
    });
    // Another organization's ids: not found, nothing removed.
    await expect(
      removeFormKeyword({
        organizationId: other.organizationId,
        formId: fixture.form.id,
        keywordId: keyword!.id,
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      addFormKeyword({
        organizationId: other.organizationId,
        formId: fixture.form.id,
        input: { keyword: "OTHERWORD" },
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await db.formKeyword.count({ where: { id: keyword!.id } })).toBe(1);

    // STOP from a pending keyword signup is an opt-out, never a keyword.
    const phone = "+12015550144";
    await text(phone, word);
    const { twiml } = await text(phone, "STOP");
    expect(twiml).toContain("unsubscribed");
    const subscriber = await db.subscriber.findUniqueOrThrow({
      where: { audienceId_phone: { audienceId: fixture.audience.id, phone } },
    });
    expect(subscriber.status).toBe("UNSUBSCRIBED");
  });
});
