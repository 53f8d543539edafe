// What a new password must not be: one of the ~49,000 most common passwords (the list that
// @zxcvbn-ts/language-common ships as data, MIT), almost one character repeated, or built from
// the account's own email. Length is checked by the shared zod schema (ZPasswordSchema).
// Server-side only in practice: the list is ~380 kB and stays out of the browser bundle.
import { dictionary } from "@zxcvbn-ts/language-common";
import { AppError } from "@/lib/errors";

/** Fewer different characters than this ("aaaaaaaaaa", "ababababab") is refused. */
const MIN_DISTINCT_CHARACTERS = 5;
/** A shorter local part ("al@…") is too likely to appear by chance to refuse on it. */
const MIN_LOCAL_PART = 3;

let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  common ??= new Set(dictionary["passwords-common"].map((password) => password.toLowerCase()));
  return common;
}

/** Why `password` is refused for the account with `email`, or null when it is fine. */
export function passwordProblem(password: string, email: string): string | null {
  const lower = password.normalize("NFKC").toLowerCase();
  if (commonPasswords().has(lower))
    return "This is one of the most common passwords. Choose one that is harder to guess.";
  if (new Set(lower).size < MIN_DISTINCT_CHARACTERS)
    return "Use more different characters: this password is mostly one character repeated.";
  const address = email.trim().toLowerCase();
  const localPart = address.split("@")[0] ?? "";
  if (
    (address && lower.includes(address)) ||
    (localPart.length >= MIN_LOCAL_PART && lower.includes(localPart))
  )
    return "Don't use your email address in your password.";
  return null;
}

/** Throws a 422 with the problem on the `password` field (or the field named). */
export function assertPasswordAllowed(password: string, email: string, field = "password"): void {
  const problem = passwordProblem(password, email);
  if (problem) throw AppError.validation({ [field]: [problem] }, problem);
}
