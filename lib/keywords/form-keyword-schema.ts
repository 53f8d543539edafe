// A text-to-join keyword as the marketer types it: one word of letters and digits, compared
// case- and accent-insensitively (keywordForm: "Café" and "CAFE" are one keyword), and never a
// word optline already answers: STOP, START, HELP, YES and their synonyms in every locale, or
// anything an inbound text classifier reads as one of them (a keyword must never shadow an
// opt-out). Shared by the dashboard form and the server.
import { z } from "zod";
import { classifyInboundText, keywordForm } from "@/lib/sms/keywords";

export const KEYWORD_MAX_LENGTH = 20;

/** Why a keyword cannot be used, or null when it can. */
export function keywordProblem(keyword: string): string | null {
  const word = keyword.trim();
  if (!/^[\p{L}\p{M}\p{N}]+$/u.test(word)) return "One word of letters and digits, e.g. COFFEE";
  const normalized = keywordForm(word);
  const intent = classifyInboundText(word);
  if (intent.kind !== "OTHER") {
    return `${normalized} is reserved: people text it to ${RESERVED_MEANING[intent.kind]}`;
  }
  if (normalized.length < 2 || normalized.length > KEYWORD_MAX_LENGTH)
    return `2 to ${KEYWORD_MAX_LENGTH} letters or digits`;
  return null;
}

const RESERVED_MEANING = {
  OPT_OUT: "stop all texts",
  OPT_IN: "subscribe again",
  CONFIRM: "confirm a signup",
  HELP: "get help",
} as const;

export const ZFormKeywordSchema = z.object({
  keyword: z
    .string()
    .trim()
    .min(1, "Enter a keyword, e.g. COFFEE")
    .max(40, "At most 20 letters or digits")
    .superRefine((value, ctx) => {
      const problem = keywordProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    })
    // Shown in calls to action as typed, in capitals (carriers print keywords that way).
    .transform((value) => value.toLocaleUpperCase()),
});
export type TFormKeywordSchema = z.infer<typeof ZFormKeywordSchema>;
