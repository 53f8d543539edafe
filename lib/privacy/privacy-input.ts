// Input checks shared by the privacy functions: the portal calls them with what a visitor
// proved, so anything malformed is refused before anything is read or written.
import { z } from "zod";
import { AppError } from "@/lib/errors";

const E164 = /^\+[1-9]\d{6,14}$/;

export function assertE164(phone: string): string {
  if (typeof phone !== "string" || !E164.test(phone)) {
    throw AppError.validation({ phone: ["Enter the number in international format (+…)"] });
  }
  return phone;
}

/** Ids are cuids or 32 hex characters: anything else cannot be a row of ours. */
export const ZRowId = z.string().regex(/^[a-z0-9]{20,40}$/);

/** GDPR Art. 12(3): one month to answer. */
export function dueDateFor(createdAt: Date): Date {
  const due = new Date(createdAt);
  due.setUTCMonth(due.getUTCMonth() + 1);
  // 31 January + 1 month rolls over to early March: answer by the last day of February.
  if (due.getUTCDate() !== createdAt.getUTCDate()) due.setUTCDate(0);
  return due;
}
