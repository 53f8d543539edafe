// Accounts: sessions that end at once (8.6), failed sign-ins throttled without locking the
// owner out (8.7), the password policy and a sign-up that does not reveal existing accounts
// (8.8), password reset and invitations by mail (10.10). Real database, real SMTP protocol.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completeSignUp } from "@/lib/accounts/complete-sign-up";
import { requestPasswordReset } from "@/lib/accounts/request-password-reset";
import { requestSignUp } from "@/lib/accounts/request-sign-up";
import { changePassword, resetPassword } from "@/lib/accounts/set-password";
import { authOptions } from "@/lib/auth/auth-options";
import { verifyPassword } from "@/lib/auth/password";
import { hashSecretToken } from "@/lib/auth/secret-token";
import { createUserSession, isUserSessionActive, revokeUserSession } from "@/lib/auth/sessions";
import { signInWithPassword } from "@/lib/auth/sign-in-with-password";
import { userActor } from "@/lib/consent-events/actor";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import {
  acceptInvitation,
  acceptInvitationWithNewAccount,
} from "@/lib/invitations/accept-invitation";
import { createInvitation } from "@/lib/invitations/create-invitation";
import { revokeInvitation } from "@/lib/invitations/revoke-invitation";
import { removeMember } from "@/lib/members/manage-members";
import { createAccount } from "@/lib/organizations/create-account";
import { createTestAccount, uniqueSuffix } from "../support/factories";
import { FakeSmtp, useSmtp } from "../support/fake-smtp";

const PASSWORD = "correct horse battery staple";

/** The last dev-mailbox mail to `to`, and the first link of this app in it. */
async function lastMail(to: string) {
  const mail = await db.devMail.findFirst({ where: { to }, orderBy: { createdAt: "desc" } });
  const link = /http:\/\/optline\.test\/\S+/.exec(mail?.text ?? "")?.[0] ?? null;
  return {
    mail,
    link,
    token: link ? (new URL(link).searchParams.get("token") ?? link.split("/").pop()!) : null,
  };
}

/** The jwt callback next-auth runs on every request that carries a session cookie. */
async function sessionCookieStillWorks(userId: string, token: string): Promise<boolean> {
  const jwt = authOptions.callbacks!.jwt!;
  const result = await jwt({
    token: { sub: userId, sid: token },
    user: undefined as never,
    account: null,
  });
  return Boolean(result && "sub" in result && result.sub === userId);
}

async function attempt(email: string, password: string, ip: string, now: Date) {
  try {
    return (await signInWithPassword({ input: { email, password }, ip, now })) ? "ok" : "wrong";
  } catch (error) {
    if (error instanceof AppError && error.code === "RATE_LIMITED")
      return `wait ${error.retryAfter}`;
    throw error;
  }
}

describe("sessions end at once (8.6)", () => {
  it("sign-out revokes the session the cookie carries", async () => {
    const { user } = await createTestAccount("Session");
    const session = await createUserSession({ userId: user.id });
    expect(await sessionCookieStillWorks(user.id, session.token)).toBe(true);
    await revokeUserSession({ token: session.token });
    expect(await sessionCookieStillWorks(user.id, session.token)).toBe(false);
    // A cookie from before sessions existed (no sid), or naming another user, opens nothing.
    expect(await sessionCookieStillWorks(user.id, "")).toBe(false);
    const other = await createUserSession({ userId: user.id });
    expect(await isUserSessionActive({ userId: "someone-else", token: other.token })).toBe(false);
  });

  it("expires 12 hours after sign-in, however busy", async () => {
    const { user } = await createTestAccount("Expiry");
    const start = new Date("2026-12-03T08:00:00Z");
    const { token } = await createUserSession({ userId: user.id, now: start });
    const at = (hours: number) => new Date(start.getTime() + hours * 3_600_000);
    expect(await isUserSessionActive({ userId: user.id, token, now: at(11.9) })).toBe(true);
    expect(await isUserSessionActive({ userId: user.id, token, now: at(12) })).toBe(false);
  });

  it("a password change ends every session of the user, and only theirs", async () => {
    const { user } = await createTestAccount("Change");
    const bystander = await createTestAccount("Bystander");
    const [laptop, phone] = [
      await createUserSession({ userId: user.id }),
      await createUserSession({ userId: user.id }),
    ];
    const theirs = await createUserSession({ userId: bystander.user.id });
    await expect(
      changePassword({
        userId: user.id,
        input: { currentPassword: "not it at all", newPassword: "tidal-Quokka-88-lantern" },
      }),
    ).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      fields: { currentPassword: [expect.any(String)] },
    });
    expect(await sessionCookieStillWorks(user.id, laptop.token)).toBe(true);
    await changePassword({
      userId: user.id,
      input: { currentPassword: PASSWORD, newPassword: "tidal-Quokka-88-lantern" },
    });
    expect(await sessionCookieStillWorks(user.id, laptop.token)).toBe(false);
    expect(await sessionCookieStillWorks(user.id, phone.token)).toBe(false);
    expect(await sessionCookieStillWorks(bystander.user.id, theirs.token)).toBe(true);
  });

  it("removal from an organization ends the removed member's sessions", async () => {
    const owner = await createTestAccount("Remover");
    const colleague = await createTestAccount("Removed");
    const invitation = await createInvitation({
      organizationId: owner.organization.id,
      inviter: owner.user,
      actor: userActor(owner.user),
      input: { email: colleague.user.email, role: "MARKETER" },
    });
    await acceptInvitation({
      token: invitation.link.split("/").pop(),
      userId: colleague.user.id,
      request: { ip: null, userAgent: null },
    });
    const session = await createUserSession({ userId: colleague.user.id });
    const membership = await db.membership.findFirstOrThrow({
      where: { organizationId: owner.organization.id, userId: colleague.user.id },
    });
    await removeMember({
      organizationId: owner.organization.id,
      membershipId: membership.id,
      actor: userActor(owner.user),
    });
    expect(await sessionCookieStillWorks(colleague.user.id, session.token)).toBe(false);
  });
});

describe("failed sign-ins are throttled, the owner is never locked out (8.7)", () => {
  it("does not count successful sign-ins", async () => {
    const { user } = await createTestAccount("Busy");
    const now = new Date("2026-12-03T09:00:00Z");
    const outcomes = [];
    // More than the old limit of 10 per 15 minutes, which counted successes too.
    for (let i = 0; i < 12; i++)
      outcomes.push(await attempt(user.email, PASSWORD, "198.51.100.1", now));
    expect(outcomes).toEqual(Array(12).fill("ok"));
  });

  it("a stranger's wrong passwords slow the stranger down, not the owner", async () => {
    const { user } = await createTestAccount("Target");
    const now = new Date("2026-12-03T10:00:00Z");
    const stranger = [];
    for (let i = 0; i < 12; i++)
      stranger.push(await attempt(user.email, `guess-${i}-xx`, "203.0.113.66", now));
    expect(stranger.slice(0, 5)).toEqual(Array(5).fill("wrong"));
    expect(stranger.slice(5).every((outcome) => outcome.startsWith("wait"))).toBe(true);
    // The owner, from their own network, at the same moment:
    expect(await attempt(user.email, PASSWORD, "198.51.100.20", now)).toBe("ok");
  });

  it("delays grow per (email, IP): 1 s, 2 s, 4 s… after 5 free failures, and a success starts afresh", async () => {
    const { user } = await createTestAccount("Typo");
    const ip = "198.51.100.30";
    let now = new Date("2026-12-03T11:00:00Z");
    for (let i = 0; i < 5; i++)
      expect(await attempt(user.email, "wrong-password-1", ip, now)).toBe("wrong");
    expect(await attempt(user.email, PASSWORD, ip, now)).toBe("wait 1");
    const later = (ms: number) => (now = new Date(now.getTime() + ms));
    expect(await attempt(user.email, "wrong-password-1", ip, later(1000))).toBe("wrong");
    expect(await attempt(user.email, PASSWORD, ip, later(1000))).toBe("wait 1");
    expect(await attempt(user.email, "wrong-password-1", ip, later(1000))).toBe("wrong");
    expect(await attempt(user.email, PASSWORD, ip, later(3000))).toBe("wait 1");
    // Refused attempts were not counted: after the delay the right password works…
    expect(await attempt(user.email, PASSWORD, ip, later(1000))).toBe("ok");
    // …and clears this (email, IP): five typos are free again.
    for (let i = 0; i < 5; i++)
      expect(await attempt(user.email, "wrong-password-1", ip, now)).toBe("wrong");
  });

  it("throttles one IP trying many emails, and forgets after 15 quiet minutes", async () => {
    const now = new Date("2026-12-03T12:00:00Z");
    const ip = "203.0.113.99";
    const outcomes = [];
    for (let i = 0; i < 21; i++)
      outcomes.push(await attempt(`nobody-${i}@spray.test`, "wrong-password-2", ip, now));
    expect(outcomes.slice(0, 20)).toEqual(Array(20).fill("wrong"));
    expect(outcomes[20]).toBe("wait 1");
    const { user } = await createTestAccount("Spray");
    expect(await attempt(user.email, PASSWORD, ip, new Date(now.getTime() + 15 * 60_000 + 1))).toBe(
      "ok",
    );
  });

  it("lets at most the free failures through a burst of parallel guesses", async () => {
    const { user } = await createTestAccount("Burst");
    const now = new Date("2026-12-03T13:00:00Z");
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        attempt(user.email, `burst-${i}-guess`, "203.0.113.120", now),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === "wrong")).toHaveLength(5);
  });

  it("answers an unknown email exactly like a wrong password", async () => {
    const now = new Date("2026-12-03T14:00:00Z");
    const { user } = await createTestAccount("Known");
    const unknown = [];
    const known = [];
    for (let i = 0; i < 6; i++) {
      unknown.push(await attempt("ghost@nowhere.test", "wrong-password-3", "198.51.100.77", now));
      known.push(await attempt(user.email, "wrong-password-3", "198.51.100.78", now));
    }
    expect(unknown).toEqual(known);
  });
});

describe("password policy and a sign-up that reveals nothing (8.8)", () => {
  it.each(["aaaaaaaaaa", "password12"])(
    "refuses %j everywhere a password is chosen",
    async (password) => {
      const email = `policy-${uniqueSuffix()}@example.test`;
      const input = { name: "P", email, password, organizationName: "Policy Org" };
      await expect(requestSignUp({ input })).rejects.toMatchObject({
        fields: { password: [expect.any(String)] },
      });
      await expect(createAccount(input)).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
      const { user } = await createTestAccount("Policy");
      await expect(
        changePassword({
          userId: user.id,
          input: { currentPassword: PASSWORD, newPassword: password },
        }),
      ).rejects.toMatchObject({ fields: { newPassword: [expect.any(String)] } });
      expect(await db.emailToken.count({ where: { email } })).toBe(0);
    },
  );

  it("refuses a password that contains the email or its local part", async () => {
    const email = `marta.kowalska-${uniqueSuffix()}@example.test`;
    for (const password of [`${email}!`, `X${email.split("@")[0]}9`]) {
      await expect(
        requestSignUp({ input: { name: "M", email, password, organizationName: "Org" } }),
      ).rejects.toMatchObject({ fields: { password: [expect.stringMatching(/email/)] } });
    }
  });

  it("answers the same for an existing email and a new one; only the mailbox owner learns which", async () => {
    const existing = await createTestAccount("Existing");
    const fresh = `fresh-${uniqueSuffix()}@example.test`;
    const input = (email: string) => ({
      name: "Someone",
      email,
      password: "tidal-Quokka-88-lantern",
      organizationName: "Takeover",
    });
    const a = await requestSignUp({ input: input(existing.user.email) });
    const b = await requestSignUp({ input: input(fresh) });
    expect(a).toEqual({ email: existing.user.email });
    expect(b).toEqual({ email: fresh });
    // Nothing changed for the existing account: same password, same organizations.
    const user = await db.user.findUniqueOrThrow({
      where: { email: existing.user.email },
      include: { memberships: true },
    });
    expect(await verifyPassword(PASSWORD, user.passwordHash)).toBe(true);
    expect(user.memberships).toHaveLength(1);
    expect((await lastMail(existing.user.email)).mail?.subject).toBe(
      "You already have an optline account",
    );
    const mail = await lastMail(fresh);
    expect(mail.mail?.subject).toBe("Finish creating your optline account");
    expect(await db.user.count({ where: { email: fresh } })).toBe(0);

    // The link, with the password chosen at sign-up, creates the account: once.
    await expect(
      completeSignUp({ input: { token: mail.token, password: "not the one at all" } }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    const created = await completeSignUp({
      input: { token: mail.token, password: "tidal-Quokka-88-lantern" },
    });
    expect(created.user.email).toBe(fresh);
    expect(created.organization.name).toBe("Takeover");
    await expect(
      completeSignUp({ input: { token: mail.token, password: "tidal-Quokka-88-lantern" } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Only the hash of the token is stored.
    const row = await db.emailToken.findUniqueOrThrow({
      where: { tokenHash: hashSecretToken(mail.token!) },
    });
    expect(JSON.stringify(row)).not.toContain(mail.token);
    expect(JSON.stringify(row.data)).not.toContain("tidal");
  });

  it("refuses an expired sign-up link", async () => {
    const email = `late-${uniqueSuffix()}@example.test`;
    await requestSignUp({
      input: { name: "L", email, password: "tidal-Quokka-88-lantern", organizationName: "Late" },
    });
    const { token } = await lastMail(email);
    await db.emailToken.updateMany({
      where: { email },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expect(
      completeSignUp({ input: { token, password: "tidal-Quokka-88-lantern" } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("password reset by mail (10.10)", () => {
  it("mails a single-use link that sets the password and ends every session", async () => {
    const { user } = await createTestAccount("Forgetful");
    const session = await createUserSession({ userId: user.id });
    expect(await requestPasswordReset({ input: { email: user.email } })).toEqual({
      email: user.email,
    });
    const { mail, token, link } = await lastMail(user.email);
    expect(mail?.subject).toBe("Reset your optline password");
    expect(link).toMatch(/^http:\/\/optline\.test\/reset-password\?token=/);
    await expect(resetPassword({ input: { token, password: "password12" } })).rejects.toMatchObject(
      { code: "VALIDATION_FAILED" },
    );
    await resetPassword({ input: { token, password: "new-Garden-hose-2031" } });
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword("new-Garden-hose-2031", stored.passwordHash)).toBe(true);
    expect(await sessionCookieStillWorks(user.id, session.token)).toBe(false);
    await expect(
      resetPassword({ input: { token, password: "another-Garden-hose-2032" } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("answers the same for an unknown email, which gets a note and no link", async () => {
    const email = `unknown-${uniqueSuffix()}@example.test`;
    expect(await requestPasswordReset({ input: { email } })).toEqual({ email });
    const { mail, link } = await lastMail(email);
    expect(mail?.subject).toBe("Password reset for optline");
    expect(link).toBe("http://optline.test/signup");
    expect(await db.emailToken.count({ where: { email } })).toBe(0);
  });

  it("an older link dies when a newer one is used, and an expired one never works", async () => {
    const { user } = await createTestAccount("Twice");
    await requestPasswordReset({ input: { email: user.email } });
    const first = await lastMail(user.email);
    await requestPasswordReset({ input: { email: user.email } });
    const second = await lastMail(user.email);
    await db.emailToken.update({
      where: { tokenHash: hashSecretToken(second.token!) },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    await expect(
      resetPassword({ input: { token: second.token, password: "new-Garden-hose-2031" } }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await resetPassword({ input: { token: first.token, password: "new-Garden-hose-2031" } });
    expect(await db.emailToken.count({ where: { userId: user.id, usedAt: null } })).toBe(0);
  });
});

describe("invitations (10.10)", () => {
  it("an invitation is accepted once, by the invited email only, and recorded as evidence", async () => {
    const owner = await createTestAccount("Inviter");
    const invitee = await createTestAccount("Invitee");
    const intruder = await createTestAccount("Intruder");
    const invited = await createInvitation({
      organizationId: owner.organization.id,
      inviter: owner.user,
      actor: userActor(owner.user),
      input: { email: invitee.user.email.toUpperCase(), role: "COMPLIANCE" },
    });
    expect(invited).toMatchObject({ email: invitee.user.email, mailed: true, delivery: "dev" });
    const token = invited.link.split("/").pop()!;
    const { mail } = await lastMail(invitee.user.email);
    expect(mail?.text).toContain(invited.link);
    // Stored hashed: no row holds the token.
    const row = await db.invitation.findUniqueOrThrow({ where: { id: invited.invitationId } });
    expect(row.tokenHash).toBe(hashSecretToken(token));
    expect(JSON.stringify(row)).not.toContain(token);

    const request = { ip: "198.51.100.9", userAgent: "test" };
    await expect(
      acceptInvitation({ token, userId: intruder.user.id, request }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await acceptInvitation({ token, userId: invitee.user.id, request });
    expect(
      await db.membership.findFirst({
        where: { organizationId: owner.organization.id, userId: invitee.user.id },
      }),
    ).toMatchObject({ role: "COMPLIANCE" });
    await expect(
      acceptInvitation({ token, userId: invitee.user.id, request }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const joined = await db.consentEvent.findFirstOrThrow({
      where: { organizationId: owner.organization.id, type: "member.joined" },
    });
    expect(joined).toMatchObject({ chainId: "org", actorId: invitee.user.id, ip: "198.51.100.9" });
  });

  it("a new person accepts by creating their account; an existing account must sign in", async () => {
    const owner = await createTestAccount("Team");
    const email = `newcomer-${uniqueSuffix()}@example.test`;
    const invited = await createInvitation({
      organizationId: owner.organization.id,
      inviter: owner.user,
      actor: userActor(owner.user),
      input: { email, role: "MARKETER" },
    });
    const token = invited.link.split("/").pop()!;
    const request = { ip: null, userAgent: null };
    await expect(
      acceptInvitationWithNewAccount({
        input: { token, name: "New", password: "aaaaaaaaaa" },
        request,
      }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    const accepted = await acceptInvitationWithNewAccount({
      input: { token, name: "New", password: "tidal-Quokka-88-lantern" },
      request,
    });
    expect(accepted).toEqual({ organizationId: owner.organization.id, email });
    const user = await db.user.findUniqueOrThrow({
      where: { email },
      include: { memberships: true },
    });
    expect(user.memberships.map((m) => [m.organizationId, m.role])).toEqual([
      [owner.organization.id, "MARKETER"],
    ]);

    const existing = await createTestAccount("Has");
    const second = await createInvitation({
      organizationId: owner.organization.id,
      inviter: owner.user,
      actor: userActor(owner.user),
      input: { email: existing.user.email, role: "MARKETER" },
    });
    await expect(
      acceptInvitationWithNewAccount({
        input: {
          token: second.link.split("/").pop(),
          name: "X",
          password: "tidal-Quokka-88-lantern",
        },
        request,
      }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect(
      await verifyPassword(
        PASSWORD,
        (await db.user.findUniqueOrThrow({ where: { id: existing.user.id } })).passwordHash,
      ),
    ).toBe(true);
    // The failed attempt did not use the invitation up.
    await acceptInvitation({
      token: second.link.split("/").pop(),
      userId: existing.user.id,
      request,
    });
  });

  it("expired, revoked and replaced invitations open nothing; another organization cannot revoke", async () => {
    const owner = await createTestAccount("Closer");
    const other = await createTestAccount("Other");
    const invitee = await createTestAccount("Late");
    const actor = userActor(owner.user);
    const invite = () =>
      createInvitation({
        organizationId: owner.organization.id,
        inviter: owner.user,
        actor,
        input: { email: invitee.user.email, role: "MARKETER" },
      });
    const request = { ip: null, userAgent: null };

    const replaced = await invite();
    const revoked = await invite();
    await expect(
      acceptInvitation({ token: replaced.link.split("/").pop(), userId: invitee.user.id, request }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      revokeInvitation({
        organizationId: other.organization.id,
        invitationId: revoked.invitationId,
        actor: userActor(other.user),
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await revokeInvitation({
      organizationId: owner.organization.id,
      invitationId: revoked.invitationId,
      actor,
    });
    await expect(
      acceptInvitation({ token: revoked.link.split("/").pop(), userId: invitee.user.id, request }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });

    const expired = await invite();
    await db.invitation.update({
      where: { id: expired.invitationId },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    await expect(
      acceptInvitation({ token: expired.link.split("/").pop(), userId: invitee.user.id, request }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    for (const token of ["", "short", "x".repeat(43).replace(/x$/, "\u0000"), 42, null]) {
      await expect(
        acceptInvitation({ token, userId: invitee.user.id, request }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    const types = (
      await db.consentEvent.findMany({
        where: { organizationId: owner.organization.id, chainId: "org" },
        orderBy: { seq: "asc" },
      })
    ).map((e) => e.type);
    expect(types).toEqual([
      "member.invited",
      "member.invitation_revoked",
      "member.invited",
      "member.invitation_revoked",
      "member.invited",
    ]);
  });
});

describe("mail through SMTP (10.10)", () => {
  const smtp = new FakeSmtp();
  let restore: () => void;
  beforeAll(async () => {
    await smtp.start();
    restore = useSmtp(smtp.url);
  });
  afterAll(async () => {
    restore();
    await smtp.stop();
  });

  it("sends invitations and reset links over SMTP, and nothing to the dev mailbox", async () => {
    const owner = await createTestAccount("Smtp");
    const email = `smtp-${uniqueSuffix()}@example.test`;
    const before = await db.devMail.count();
    const invited = await createInvitation({
      organizationId: owner.organization.id,
      inviter: owner.user,
      actor: userActor(owner.user),
      input: { email, role: "MARKETER" },
    });
    expect(invited).toMatchObject({ mailed: true, delivery: "smtp" });
    await requestPasswordReset({ input: { email: owner.user.email } });
    const [invitation, reset] = smtp.received.slice(-2);
    expect(invitation!.to).toEqual([email]);
    expect(invitation!.subject).toContain("invited you");
    expect(invitation!.text).toContain(invited.link);
    expect(reset).toMatchObject({ to: [owner.user.email], subject: "Reset your optline password" });
    expect(reset!.from).toBe("no-reply@optline.test");
    expect(await db.devMail.count()).toBe(before);
  });

  it("keeps the invitation (link to copy) when the mail server is down", async () => {
    const owner = await createTestAccount("Down");
    const back = useSmtp("smtp://127.0.0.1:9");
    try {
      const invited = await createInvitation({
        organizationId: owner.organization.id,
        inviter: owner.user,
        actor: userActor(owner.user),
        input: { email: `down-${uniqueSuffix()}@example.test`, role: "MARKETER" },
      });
      expect(invited.mailed).toBe(false);
      expect(
        await db.invitation.count({ where: { id: invited.invitationId, revokedAt: null } }),
      ).toBe(1);
      await expect(
        requestPasswordReset({ input: { email: owner.user.email } }),
      ).rejects.toMatchObject({ code: "UNAVAILABLE" });
    } finally {
      back();
    }
  });
});
