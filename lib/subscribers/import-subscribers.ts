// CSV import of subscribers with consent evidence from another system. All or nothing: every
// row is checked first, and one bad row imports nothing (the errors name line and field).
// Numbers already live in the audience are skipped and counted.
import "server-only";
import type { z } from "zod";
import type { Actor } from "@/lib/consent-events/actor";
import { db } from "@/lib/db/client";
import { AppError, fieldErrorsFromZod } from "@/lib/errors";
import { normalizePhone } from "@/lib/phone/normalize-phone";
import { humanErrorMap } from "@/lib/validation/human-zod-message";
import { assertAudience, createEvidencedSubscriber, newImportId } from "./add-subscriber";
import { parseCsv } from "./parse-csv";
import { ZAddSubscriberSchema } from "./staff-subscriber-schemas";

export const IMPORT_MAX_ROWS = 5000;
const REQUIRED_COLUMNS = ["phone", "consented_at", "evidence"] as const;

export interface ImportResult {
  importId: string;
  imported: number;
  skipped: number;
}

export async function importSubscribers(options: {
  organizationId: string;
  audienceId: string;
  csv: string;
  defaultCountry: string;
  actor: Actor;
}): Promise<ImportResult> {
  await assertAudience(options.organizationId, options.audienceId);
  const table = parseCsv(options.csv);
  const header = (table[0] ?? []).map((cell) => cell.trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw AppError.validation({
      csv: [`The first line must name the columns; missing: ${missing.join(", ")}`],
    });
  }
  const rows = table.slice(1).filter((cells) => cells.some((cell) => cell.trim() !== ""));
  if (rows.length === 0) throw AppError.validation({ csv: ["The file has no rows"] });
  if (rows.length > IMPORT_MAX_ROWS)
    throw AppError.validation({ csv: [`At most ${IMPORT_MAX_ROWS} rows per import`] });

  const errors: string[] = [];
  const seen = new Set<string>();
  const valid: (z.output<typeof ZAddSubscriberSchema> & { phone: string; country: string })[] = [];
  for (const [index, cells] of rows.entries()) {
    const line = index + 2;
    const value = (column: string) => cells[header.indexOf(column)]?.trim() ?? "";
    const parsed = ZAddSubscriberSchema.safeParse(
      {
        audienceId: options.audienceId,
        phone: value("phone"),
        country: value("country") || options.defaultCountry,
        locale: value("locale") || "en",
        originalConsentAt: value("consented_at"),
        evidence: value("evidence"),
        source: value("source") || "CSV import",
      },
      { error: humanErrorMap() },
    );
    if (!parsed.success) {
      for (const [field, messages] of Object.entries(fieldErrorsFromZod(parsed.error)))
        errors.push(`Line ${line}, ${field}: ${messages[0]}`);
      continue;
    }
    const phone = normalizePhone(parsed.data.phone, parsed.data.country);
    if (!phone.ok) {
      errors.push(`Line ${line}, phone: ${phone.message}`);
      continue;
    }
    if (seen.has(phone.e164)) {
      errors.push(`Line ${line}, phone: ${phone.e164} appears twice in the file`);
      continue;
    }
    seen.add(phone.e164);
    valid.push({ ...parsed.data, phone: phone.e164, country: phone.country });
  }
  if (errors.length > 0) {
    const shown = errors.slice(0, 20);
    if (errors.length > 20) shown.push(`…and ${errors.length - 20} more`);
    throw AppError.validation(
      { csv: shown },
      `Nothing was imported: ${errors.length} problem${errors.length === 1 ? "" : "s"} in the file`,
    );
  }

  const importId = newImportId();
  return db.$transaction(
    async (tx) => {
      const live = await tx.subscriber.findMany({
        where: {
          audienceId: options.audienceId,
          phone: { in: valid.map((row) => row.phone) },
          deletedAt: null,
        },
        select: { phone: true },
      });
      const skip = new Set(live.map((row) => row.phone));
      for (const row of valid) {
        if (skip.has(row.phone)) continue;
        await createEvidencedSubscriber(tx, {
          organizationId: options.organizationId,
          actor: options.actor,
          method: "import",
          importId,
          row,
        });
      }
      return { importId, imported: valid.length - skip.size, skipped: skip.size };
    },
    { timeout: 300_000 },
  );
}
