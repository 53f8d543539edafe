// A request that reached the organization another way (mail, phone, letter), logged by a
// staff member in the queue: it then follows the same path as one made in the portal.
import "server-only";
import { z } from "zod";
import { AppError, parseInput } from "@/lib/errors";
import { normalizePhone } from "@/lib/phone/normalize-phone";
import { requestErasure } from "./request-erasure";

export const ZStaffErasureRequestSchema = z.object({
  phone: z
    .string()
    .trim()
    .max(40, "At most 40 characters")
    .refine((value) => value.startsWith("+"), "Enter the number in international format (+…)"),
});

export async function logStaffErasureRequest(options: { organizationId: string; input: unknown }) {
  const input = parseInput(ZStaffErasureRequestSchema, options.input);
  // The leading + makes the country irrelevant; "US" is only the parser's fallback.
  const phone = normalizePhone(input.phone, "US");
  if (!phone.ok) throw AppError.validation({ phone: [phone.message] });
  return requestErasure({
    organizationId: options.organizationId,
    phone: phone.e164,
    channel: "staff",
  });
}
