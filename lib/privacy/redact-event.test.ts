import { describe, expect, it } from "vitest";
import { parseEventData } from "@/lib/consent-events/event-types";
import { dueDateFor } from "./privacy-input";
import { ERASED, redactData, redactEvent, residualHash } from "./redact-event";

const inbound = {
  messageId: "m1",
  sid: "SM1",
  from: "+12015550101",
  to: "+15005550006",
  body: "YES please, Jane",
  receivedAt: "2026-01-01T10:00:00.000Z",
  signatureVerified: true,
};

const event = {
  id: "e1",
  organizationId: "o1",
  subscriberId: "s1",
  chainId: "s1",
  seq: 2,
  prevHash: "a".repeat(64),
  hash: "b".repeat(64),
  type: "marketing.confirmed",
  data: { method: "sms_reply", reply: inbound, confirmationSid: "SM0" },
  actorType: "SUBSCRIBER",
  actorId: null,
  actorName: "+12015550101",
  ip: "203.0.113.7",
  userAgent: "Mozilla/5.0",
  createdAt: new Date("2026-01-01T10:00:00.000Z"),
};

describe("redaction", () => {
  it("replaces the person's strings at any depth and keeps the event's shape", () => {
    const redacted = redactEvent(event);
    expect(redacted.data).toEqual({
      method: "sms_reply",
      reply: { ...inbound, from: ERASED, to: ERASED, body: ERASED },
      confirmationSid: "SM0",
    });
    expect(redacted).toMatchObject({
      actorName: null,
      ip: null,
      userAgent: null,
      hash: event.hash,
    });
    // Still a valid event of its type: proofs and exports read it as before.
    expect(() => parseEventData(redacted.type, redacted.data)).not.toThrow();
  });

  it("keeps nulls and what is not personal", () => {
    expect(redactData({ pageUrl: null, referrer: "https://x", formId: "f1", phone: "+1" })).toEqual(
      { pageUrl: null, referrer: ERASED, formId: "f1", phone: ERASED },
    );
  });

  it("keeps staff and API actor names", () => {
    expect(redactEvent({ ...event, actorType: "USER", actorName: "Ann <a@x>" }).actorName).toBe(
      "Ann <a@x>",
    );
  });

  it("gives a residual digest that changes with any remaining column", () => {
    const redacted = redactEvent(event);
    const digest = residualHash(redacted);
    expect(residualHash({ ...redacted })).toBe(digest);
    for (const change of [
      { type: "sms.sent" },
      { createdAt: new Date("2026-01-02T10:00:00.000Z") },
      { hash: "c".repeat(64) },
      { prevHash: null },
      { data: { ...(redacted.data as object), confirmationSid: "SM9" } },
    ]) {
      expect(residualHash({ ...redacted, ...change })).not.toBe(digest);
    }
  });
});

describe("due date", () => {
  it("is one calendar month later, or the month's last day", () => {
    expect(dueDateFor(new Date("2026-03-15T09:00:00Z")).toISOString()).toBe(
      "2026-04-15T09:00:00.000Z",
    );
    expect(dueDateFor(new Date("2026-01-31T09:00:00Z")).toISOString()).toBe(
      "2026-02-28T09:00:00.000Z",
    );
  });
});
