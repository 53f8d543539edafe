// Every staff action is an event with its actor: manual add, import, edit, deletion, member
// and role changes, API keys.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as signupRoute } from "@/app/api/v1/public/forms/[formId]/signups/route";
import { outboxIdle } from "@/lib/sms/outbox-worker";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { revokeApiKey } from "@/lib/api-keys/manage-api-keys";
import { userActor } from "@/lib/consent-events/actor";
import { db } from "@/lib/db/client";
import { changeMemberRole, removeMember } from "@/lib/members/manage-members";
import { acceptInvitation } from "@/lib/invitations/accept-invitation";
import { createInvitation } from "@/lib/invitations/create-invitation";
import { addSubscriber } from "@/lib/subscribers/add-subscriber";
import { importSubscribers } from "@/lib/subscribers/import-subscribers";
import { listSubscribers } from "@/lib/subscribers/list-subscribers";
import { deleteSubscriber, updateSubscriber } from "@/lib/subscribers/update-subscriber";
import {
  countRows,
  createPublishedFormFixture,
  createTestAccount,
  signupRequest,
} from "../support/factories";

let fixture: Awaited<ReturnType<typeof createPublishedFormFixture>>;
let actor: ReturnType<typeof userActor>;
beforeAll(async () => {
  fixture = await createPublishedFormFixture();
  actor = userActor(fixture.account.user, { ip: "198.51.100.20", userAgent: "staff browser" });
});

const eventsOf = (subscriberId: string) =>
  db.consentEvent.findMany({ where: { subscriberId }, orderBy: { seq: "asc" } });
const orgEvents = () =>
  db.consentEvent.findMany({
    where: { organizationId: fixture.organizationId, chainId: "org" },
    orderBy: { seq: "asc" },
  });

describe("manual add", () => {
  it("adds a confirmed subscriber with the consent evidence and who added it", async () => {
    const subscriber = await addSubscriber({
      organizationId: fixture.organizationId,
      actor,
      input: {
        audienceId: fixture.audience.id,
        phone: "201 555 0601",
        country: "US",
        originalConsentAt: "2025-06-01T09:30:00Z",
        evidence: "Paper form #118, scanned to DMS-4471",
        source: "In-store tablet",
      },
    });
    expect(subscriber).toMatchObject({ status: "CONFIRMED", phone: "+12015550601" });
    const consent = await db.consent.findFirstOrThrow({ where: { subscriberId: subscriber.id } });
    expect(consent).toMatchObject({
      grantMethod: "staff",
      grantedAt: new Date("2025-06-01T09:30:00Z"),
      confirmedAt: new Date("2025-06-01T09:30:00Z"),
    });
    const [event] = await eventsOf(subscriber.id);
    expect(event).toMatchObject({
      type: "subscriber.added",
      actorType: "USER",
      actorId: fixture.account.user.id,
      ip: "198.51.100.20",
      data: {
        method: "manual",
        consent: {
          originalConsentAt: "2025-06-01T09:30:00.000Z",
          evidence: "Paper form #118, scanned to DMS-4471",
          source: "In-store tablet",
        },
      },
    });
  });

  it("refuses a duplicate, a future consent date and another organization's audience, writing nothing", async () => {
    const other = await createPublishedFormFixture({ label: "Other" });
    const before = await countRows();
    const base = {
      audienceId: fixture.audience.id,
      phone: "2015550601",
      country: "US",
      originalConsentAt: "2025-06-01T09:30:00Z",
      evidence: "Paper form",
      source: "Store",
    };
    await expect(
      addSubscriber({ organizationId: fixture.organizationId, actor, input: base }),
    ).rejects.toMatchObject({ fields: { phone: ["This number is already in the audience"] } });
    await expect(
      addSubscriber({
        organizationId: fixture.organizationId,
        actor,
        input: { ...base, phone: "2015550602", originalConsentAt: "2099-01-01" },
      }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(
      addSubscriber({
        organizationId: fixture.organizationId,
        actor,
        input: { ...base, phone: "2015550602", audienceId: other.audience.id },
      }),
    ).rejects.toMatchObject({ fields: { audienceId: ["Choose one of your audiences"] } });
    expect(await countRows()).toEqual(before);
  });
});

describe("CSV import", () => {
  const header = "phone,consented_at,evidence,source\n";

  it("imports nothing when one row is bad, and says which line", async () => {
    const before = await countRows();
    const csv = `${header}+12015550611,2025-01-02T10:00:00Z,Form A,Shop\n201555,2025-01-02T10:00:00Z,Form B,Shop\n+12015550613,not a date,Form C,Shop\n`;
    await expect(
      importSubscribers({
        organizationId: fixture.organizationId,
        audienceId: fixture.audience.id,
        csv,
        defaultCountry: "US",
        actor,
      }),
    ).rejects.toMatchObject({
      fields: {
        csv: [
          "Line 3, phone: That number is too short.",
          "Line 4, consented_at: Enter when the person consented",
        ],
      },
    });
    expect(await countRows()).toEqual(before);
  });

  it("imports every good row with its evidence and import id, skipping numbers already in the audience", async () => {
    const csv = `${header}+12015550611,2025-01-02T10:00:00Z,"Form A, page 2",Shop\n2015550612,2025-01-03,Form B,\n+12015550601,2025-01-04,Form C,Shop\n`;
    const result = await importSubscribers({
      organizationId: fixture.organizationId,
      audienceId: fixture.audience.id,
      csv,
      defaultCountry: "US",
      actor,
    });
    expect(result).toMatchObject({ imported: 2, skipped: 1 });
    const imported = await db.subscriber.findFirstOrThrow({ where: { phone: "+12015550611" } });
    const [event] = await eventsOf(imported.id);
    expect(event?.data).toMatchObject({
      method: "import",
      importId: result.importId,
      consent: { evidence: "Form A, page 2", source: "Shop" },
    });
    const second = await db.subscriber.findFirstOrThrow({ where: { phone: "+12015550612" } });
    expect((await eventsOf(second.id))[0]?.data).toMatchObject({
      consent: { source: "CSV import" },
    });
  });

  it("refuses a file without the required columns", async () => {
    await expect(
      importSubscribers({
        organizationId: fixture.organizationId,
        audienceId: fixture.audience.id,
        csv: "number,date\n1,2\n",
        defaultCountry: "US",
        actor,
      }),
    ).rejects.toMatchObject({
      fields: {
        csv: ["Choose the column that holds: consent time, evidence"],
      },
    });
  });
});

describe("edit and delete", () => {
  it("records an edit with the before and after values", async () => {
    const subscriber = await db.subscriber.findFirstOrThrow({ where: { phone: "+12015550611" } });
    await updateSubscriber({
      organizationId: fixture.organizationId,
      subscriberId: subscriber.id,
      actor,
      input: { locale: "de" },
    });
    const last = (await eventsOf(subscriber.id)).at(-1);
    expect(last).toMatchObject({
      type: "subscriber.updated",
      data: { changes: { locale: { from: "en", to: "de" } } },
      actorId: fixture.account.user.id,
    });
  });

  it("hides a deleted subscriber, cancels their queued texts and keeps the evidence", async () => {
    const response = await signupRoute(
      signupRequest(fixture.form.id, {
        phone: "2015550620",
        country: "US",
        marketingConsent: true,
      }),
      {
        params: Promise.resolve({ formId: fixture.form.id }),
      },
    );
    await outboxIdle();
    expect(response.status).toBe(202);
    const subscriber = await db.subscriber.findFirstOrThrow({ where: { phone: "+12015550620" } });
    const queued = await db.message.create({
      data: {
        organizationId: fixture.organizationId,
        subscriberId: subscriber.id,
        direction: "OUTBOUND",
        kind: "notice",
        provider: "dev",
        from: "+15005550006",
        to: subscriber.phone,
        body: "x",
        status: "QUEUED",
        nextAttemptAt: new Date(),
      },
    });
    const eventsBefore = (await eventsOf(subscriber.id)).length;

    await deleteSubscriber({
      organizationId: fixture.organizationId,
      subscriberId: subscriber.id,
      actor,
      input: { reason: "Asked by email to be forgotten" },
    });
    expect(
      (await db.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).deletedAt,
    ).toBeInstanceOf(Date);
    expect(await db.message.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({
      status: "CANCELED",
      cancelReason: "subscriber_deleted",
    });
    const { items } = await listSubscribers({
      organizationId: fixture.organizationId,
      query: { phone: "0620" },
    });
    expect(items).toEqual([]);
    const events = await eventsOf(subscriber.id);
    expect(events.slice(eventsBefore)).toMatchObject([
      { type: "subscriber.deleted", data: { reason: "Asked by email to be forgotten" } },
      {
        type: "sms.canceled",
        data: { messageId: queued.id, kind: "notice", reason: "subscriber_deleted" },
      },
    ]);

    // A new signup by the person brings the number back.
    await signupRoute(
      signupRequest(fixture.form.id, {
        phone: "2015550620",
        country: "US",
        marketingConsent: true,
      }),
      { params: Promise.resolve({ formId: fixture.form.id }) },
    );
    await outboxIdle();
    expect(
      (await db.subscriber.findUniqueOrThrow({ where: { id: subscriber.id } })).deletedAt,
    ).toBeNull();
  });

  it("answers NOT_FOUND for another organization's subscriber", async () => {
    const other = await createPublishedFormFixture({ label: "Else" });
    const subscriber = await db.subscriber.findFirstOrThrow({
      where: { organizationId: fixture.organizationId },
    });
    await expect(
      deleteSubscriber({
        organizationId: other.organizationId,
        subscriberId: subscriber.id,
        actor,
        input: { reason: "not mine" },
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("members and API keys", () => {
  it("records invitations, joins, role changes and removals on the organization chain", async () => {
    const colleague = await createTestAccount("Colleague");
    const invitation = await createInvitation({
      organizationId: fixture.organizationId,
      inviter: fixture.account.user,
      actor,
      input: { email: colleague.user.email, role: "COMPLIANCE" },
    });
    await acceptInvitation({
      token: invitation.link.split("/").pop(),
      userId: colleague.user.id,
      request: { ip: "198.51.100.4", userAgent: "test" },
    });
    const membership = await db.membership.findFirstOrThrow({
      where: { organizationId: fixture.organizationId, userId: colleague.user.id },
    });
    await changeMemberRole({
      organizationId: fixture.organizationId,
      membershipId: membership.id,
      role: "MARKETER",
      actor,
    });
    await removeMember({
      organizationId: fixture.organizationId,
      membershipId: membership.id,
      actor,
    });
    const events = (await orgEvents()).filter((event) => event.type.startsWith("member."));
    const stored = await db.invitation.findUniqueOrThrow({
      where: { id: invitation.invitationId },
    });
    expect(events.map((event) => [event.type, event.data])).toEqual([
      [
        "member.invited",
        {
          invitationId: invitation.invitationId,
          email: colleague.user.email,
          role: "COMPLIANCE",
          expiresAt: stored.expiresAt.toISOString(),
        },
      ],
      [
        "member.joined",
        {
          invitationId: invitation.invitationId,
          userId: colleague.user.id,
          email: colleague.user.email,
          role: "COMPLIANCE",
          newAccount: false,
        },
      ],
      [
        "member.role_changed",
        {
          userId: colleague.user.id,
          email: colleague.user.email,
          from: "COMPLIANCE",
          to: "MARKETER",
        },
      ],
      [
        "member.removed",
        { userId: colleague.user.id, email: colleague.user.email, role: "MARKETER" },
      ],
    ]);
    // The invitee accepted; everything else was the owner.
    expect(events.map((event) => event.actorId)).toEqual([
      fixture.account.user.id,
      colleague.user.id,
      fixture.account.user.id,
      fixture.account.user.id,
    ]);
  });

  it("keeps at least one owner", async () => {
    const owner = await db.membership.findFirstOrThrow({
      where: { organizationId: fixture.organizationId, role: "OWNER" },
    });
    await expect(
      changeMemberRole({
        organizationId: fixture.organizationId,
        membershipId: owner.id,
        role: "MARKETER",
        actor,
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      removeMember({ organizationId: fixture.organizationId, membershipId: owner.id, actor }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("records API key creation and revocation", async () => {
    const { apiKey } = await createApiKey({
      organizationId: fixture.organizationId,
      actor,
      input: { name: "CRM", scopes: ["subscribers:read"] },
    });
    await revokeApiKey({ organizationId: fixture.organizationId, apiKeyId: apiKey.id, actor });
    const types = (await orgEvents()).map((event) => event.type);
    expect(types.slice(-2)).toEqual(["api_key.created", "api_key.revoked"]);
  });
});
