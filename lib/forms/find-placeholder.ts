// Stock and template wording that must never reach people: example domains, fictional phone
// numbers and fill-in-the-blank markers. A HELP reply naming support@example.com passes a
// "has a contact" check but leaves subscribers with nowhere to turn, and carriers reject it.

const PLACEHOLDERS: readonly RegExp[] = [
  // RFC 2606 / 6761 documentation domains and reserved top-level domains.
  /(?:[\w.+-]+@)?\b(?:[\w-]+\.)*example\.(?:com|org|net)\b/i,
  /(?:[\w.+-]+@)?\b[\w-]+(?:\.[\w-]+)*\.(?:example|test|invalid|localhost)\b/i,
  /\blocalhost\b/i,
  // North American 555 numbers (555-0100 to 555-0199 are reserved for fiction) and the UK's
  // drama range 07700 900xxx.
  /(?<![\d])555[\s.-]?\d{4}(?!\d)/,
  /(?<![\d])(?:\+44\s?7700|07700)\s?900\s?\d{3}(?!\d)/,
  // Fill-in markers: [brand], <company>, {{name}}, a {placeholder} the form does not fill.
  /\[[^\]\n]{1,60}\]/,
  /<[^>\n]{1,60}>/,
  /\{\{[^}\n]{0,60}\}\}/,
  /\{\w+\}/,
  /\byour (?:company|brand|business|organi[sz]ation|store|shop|website|domain)(?: name)?\b/i,
  /\b(?:company|brand) name\b/i,
  /\blorem ipsum\b/i,
  /\bTBD\b/,
  /\bX{3,}\b/,
];

/** The first placeholder in a text, as written there, or null when the text has none. */
export function findPlaceholder(text: string): string | null {
  for (const pattern of PLACEHOLDERS) {
    const match = pattern.exec(text);
    if (match) return match[0];
  }
  return null;
}
