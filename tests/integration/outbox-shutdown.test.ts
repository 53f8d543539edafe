// A server that shuts down (SIGTERM) stops its outbox without losing or doubling a text: the
// send under way finishes, messages it claimed but did not start go back to the outbox at
// once (lease cleared, attempt given back) for another server to send, a message whose
// earlier send may have happened keeps its SENDING status (so the next claimer looks it up at
// Twilio first), and nothing new is claimed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { db } from "@/lib/db/client";
import { processOutbox } from "@/lib/sms/outbox";
import { outboxIdle, startOutboxWorker, stopOutbox } from "@/lib/sms/outbox-worker";
import { createPublishedFormFixture, signupRequest } from "../support/factories";
import { fakeTwilioForFile } from "../support/use-fake-twilio";
import { waitUntil } from "../support/wait-until";

const twilio = fakeTwilioForFile();
let fixture: Awaited<ReturnType<typeof createPublishedFormFixture>>;
let lastOctet = 0;

async function signUp(phone: string) {
  const response = await signupRoute(
    signupRequest(
      fixture.form.id,
      { phone, country: "US", marketingConsent: true },
      { "x-forwarded-for": `10.11.0.${++lastOctet}` },
    ),
    { params: Promise.resolve({ formId: fixture.form.id }) },
  );
  expect(response.status).toBe(202);
  await outboxIdle();
}

const confirmationTo = (to: string) =>
  db.message.findFirstOrThrow({ where: { to, kind: "confirmation" } });

beforeAll(async () => {
  fixture = await createPublishedFormFixture();
});

// The outbox's state is per process (globalThis), and this process runs other test files next:
// wake it again (starting the worker does), without its periodic loop.
afterAll(async () => {
  const stopLoop = startOutboxWorker();
  await stopLoop();
});

describe("stopping the outbox at shutdown", () => {
  it("finishes the send under way, hands back the rest, and another server sends each once", async () => {
    // Four confirmations wait in the outbox (Twilio failed them once) ...
    const waiting = ["+12015553001", "+12015553002", "+12015553003", "+12015553004"];
    for (const phone of waiting) {
      twilio.failNext(1, 503, 20503, "Service Unavailable");
      await signUp(phone);
    }
    // ... and one was accepted by Twilio, but the answer was lost: it may have been sent.
    twilio.dropAnswers(1);
    await signUp("+12015553005");
    expect(await confirmationTo("+12015553005")).toMatchObject({ status: "SENDING", sid: null });
    // All due now, as after their retry delay and lease.
    await db.message.updateMany({
      where: { kind: "confirmation" },
      data: { nextAttemptAt: new Date(Date.now() - 1000), lockedUntil: null },
    });

    // The worker claims all five and starts on the first; the server is stopped meanwhile.
    twilio.latencyMs = 300;
    startOutboxWorker();
    await waitUntil(() => twilio.pendingCreates === 1, "the first send reaches Twilio");
    await stopOutbox();

    // The send under way finished.
    expect(twilio.sentTo("+12015553001")).toHaveLength(1);
    expect(await confirmationTo("+12015553001")).toMatchObject({ status: "ACCEPTED" });
    // The others went back: no lease left, the claim's attempt given back, due now.
    for (const phone of waiting.slice(1)) {
      const message = await confirmationTo(phone);
      expect(message).toMatchObject({ status: "QUEUED", lockedUntil: null, attempts: 1 });
      expect(message.nextAttemptAt!.getTime()).toBeLessThanOrEqual(Date.now());
      expect(twilio.sentTo(phone)).toHaveLength(0);
    }
    expect(await confirmationTo("+12015553005")).toMatchObject({
      status: "SENDING",
      lockedUntil: null,
      sid: null,
    });

    // A signup answered while stopping: queued, not claimed by the stopping server.
    await signUp("+12015553006");
    expect(await confirmationTo("+12015553006")).toMatchObject({
      status: "QUEUED",
      lockedUntil: null,
    });
    expect(twilio.sentTo("+12015553006")).toHaveLength(0);

    // Another server's pass takes everything at once (no lease to wait for) ...
    twilio.latencyMs = 0;
    expect(await processOutbox()).toBe(5);
    // ... and every person got exactly one confirmation; the lost answer was found at Twilio.
    for (const phone of [...waiting, "+12015553005", "+12015553006"]) {
      expect(twilio.sentTo(phone)).toHaveLength(1);
      expect(await confirmationTo(phone)).toMatchObject({ status: "ACCEPTED" });
    }
  });
});
