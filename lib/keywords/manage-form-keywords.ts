// A signup form's text-to-join keywords: list, add, remove. A keyword is received on the
// sender of the form's audience (null: the installation's default sender) and is unique on
// that sender, whichever organization holds it: the database refuses a second one (unique
// index on the normalized word and the sender). Changes go to the audit log as form settings.
import "server-only";
import { SYSTEM_ACTOR, type Actor } from "@/lib/consent-events/actor";
import { recordEvent } from "@/lib/consent-events/record-event";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import type { Tx } from "@/lib/db/types";
import { AppError, parseInput } from "@/lib/errors";
import { keywordForm } from "@/lib/sms/keywords";
import { ZFormKeywordSchema } from "./form-keyword-schema";

export async function listFormKeywords(options: { organizationId: string; formId: string }) {
  return db.formKeyword.findMany({
    where: { organizationId: options.organizationId, formId: options.formId },
    orderBy: { createdAt: "asc" },
    select: { id: true, keyword: true, normalized: true, senderId: true, createdAt: true },
  });
}

async function recordKeywordChange(
  tx: Tx,
  options: { organizationId: string; form: { id: string; name: string }; actor: Actor },
  from: string[],
) {
  const now = await tx.formKeyword.findMany({
    where: { organizationId: options.organizationId, formId: options.form.id },
    orderBy: { createdAt: "asc" },
    select: { keyword: true },
  });
  await recordEvent(tx, {
    organizationId: options.organizationId,
    type: "form.settings_changed",
    data: {
      formId: options.form.id,
      name: options.form.name,
      changes: {
        keywords: {
          from: from.join(", ") || null,
          to: now.map((row) => row.keyword).join(", ") || null,
        },
      },
    },
    actor: options.actor,
  });
}

export async function addFormKeyword(options: {
  organizationId: string;
  formId: string;
  input: unknown;
  actor?: Actor;
}) {
  const { keyword } = parseInput(ZFormKeywordSchema, options.input);
  try {
    return await db.$transaction(async (tx) => {
      // One relation per statement: sibling relations in one query run in parallel on the
      // transaction's connection (tests/integration/overlapping-queries.test.ts).
      const found = await tx.signupForm.findFirst({
        where: { id: options.formId, organizationId: options.organizationId },
        select: { id: true, name: true, kind: true, audience: { select: { senderId: true } } },
      });
      if (!found) throw AppError.notFound("Form");
      const keywords = await tx.formKeyword.findMany({
        where: { formId: found.id },
        select: { keyword: true },
        orderBy: { createdAt: "asc" },
      });
      const versions = await tx.signupFormVersion.findMany({
        where: { formId: found.id, publishedAt: { not: null } },
        orderBy: { version: "desc" },
        take: 1,
        select: { verificationMethod: true },
      });
      const form = { ...found, keywords, versions };
      const refuse = (message: string) => AppError.validation({ keyword: [message] }, message);
      if (form.kind !== "SIGNUP")
        throw refuse("Keywords start a marketing signup: add them to a signup form.");
      // A texted keyword is confirmed by replying YES: a code-only form has no such text.
      if (form.versions[0]?.verificationMethod === "CODE")
        throw refuse(
          "This form confirms by code only; a keyword signup is confirmed by replying YES. Switch “Confirm by” to a YES reply (or either) first.",
        );
      if (form.keywords.length >= 10) throw refuse("At most 10 keywords per form.");
      const created = await tx.formKeyword.create({
        data: {
          organizationId: options.organizationId,
          formId: form.id,
          keyword,
          normalized: keywordForm(keyword),
          senderId: form.audience.senderId,
        },
      });
      await recordKeywordChange(
        tx,
        { organizationId: options.organizationId, form, actor: options.actor ?? SYSTEM_ACTOR },
        form.keywords.map((row) => row.keyword),
      );
      return created;
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      const message = `${keyword} is already a keyword on this number (this form, another of your forms, or another business texting from the same number): choose another.`;
      throw AppError.validation({ keyword: [message] }, message);
    }
    throw error;
  }
}

export async function removeFormKeyword(options: {
  organizationId: string;
  formId: string;
  keywordId: string;
  actor?: Actor;
}) {
  await db.$transaction(async (tx) => {
    const form = await tx.signupForm.findFirst({
      where: { id: options.formId, organizationId: options.organizationId },
      select: {
        id: true,
        name: true,
        keywords: { select: { keyword: true }, orderBy: { createdAt: "asc" } },
      },
    });
    if (!form) throw AppError.notFound("Form");
    const { count } = await tx.formKeyword.deleteMany({
      where: { id: options.keywordId, formId: form.id, organizationId: options.organizationId },
    });
    if (count === 0) throw AppError.notFound("Keyword");
    await recordKeywordChange(
      tx,
      { organizationId: options.organizationId, form, actor: options.actor ?? SYSTEM_ACTOR },
      form.keywords.map((row) => row.keyword),
    );
  });
}
