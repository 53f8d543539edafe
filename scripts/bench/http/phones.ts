// Distinct numbers that optline accepts (checked by its own normalizePhone: valid, US, able to
// receive texts), spread over every US area code and exchange digit, in random order: no
// sequential runs and few numbers per prefix, so the pumping detectors see ordinary traffic
// (they would rightly block a benchmark that hammered one range).
import { randomInt } from "node:crypto";
import { normalizePhone } from "@/lib/phone/normalize-phone";

export function* phoneNumbers(): Generator<string> {
  const seen = new Set<string>();
  const prefixes: string[] = [];
  for (let npa = 201; npa <= 989; npa++) {
    for (let digit = 2; digit <= 9; digit++) prefixes.push(`${npa}${digit}`);
  }
  for (;;) {
    const prefix = prefixes[randomInt(prefixes.length)]!;
    const e164 = `+1${prefix}${String(randomInt(1_000_000)).padStart(6, "0")}`;
    if (seen.has(e164)) continue;
    const phone = normalizePhone(e164, "US");
    if (!phone.ok || phone.country !== "US") continue;
    seen.add(e164);
    yield e164;
  }
}
