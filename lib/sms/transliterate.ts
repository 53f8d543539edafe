// GSM-7 transliteration: one character outside the GSM-7 alphabet turns a whole SMS into
// UCS-2 (70 characters per segment instead of 160), so a single "ł" can double or triple
// the cost. Characters that GSM-7 has (é, ü, ñ, ß, æ, €…) are kept; the rest become their
// closest GSM-7 spelling: a table for what has one (ł→l, œ→oe, “→", …→...), otherwise the
// base letter of the Unicode decomposition (ê→e, ğ→g), otherwise "?".
import { isGsm7Character } from "./segments";

const REPLACEMENTS: Record<string, string> = {
  // Letters without a Unicode decomposition (or whose decomposition is not the usual spelling).
  ł: "l",
  Ł: "L",
  đ: "d",
  Đ: "D",
  ı: "i",
  œ: "oe",
  Œ: "OE",
  þ: "th",
  Þ: "Th",
  ð: "d",
  // Lowercase ç is not GSM-7 although Ç is.
  ç: "c",
  // Punctuation and spaces.
  "\u2018": "'",
  "\u2019": "'",
  "\u201A": "'",
  "\u201B": "'",
  "\u2032": "'",
  "\u00B4": "'",
  "\u0060": "'",
  "\u201C": '"',
  "\u201D": '"',
  "\u201E": '"',
  "\u201F": '"',
  "\u2033": '"',
  "\u00AB": '"',
  "\u00BB": '"',
  "\u2039": "'",
  "\u203A": "'",
  "\u2010": "-",
  "\u2011": "-",
  "\u2012": "-",
  "\u2013": "-",
  "\u2014": "-",
  "\u2015": "-",
  "\u2212": "-",
  "\u2026": "...",
  "\u2022": "-",
  "\u00B7": ".",
  "\t": " ",
  "\u00A0": " ",
  "\u2002": " ",
  "\u2003": " ",
  "\u2007": " ",
  "\u2009": " ",
  "\u200A": " ",
  "\u202F": " ",
  "\u3000": " ",
  "\u2028": "\n",
  "\u2029": "\n",
  // Invisible characters: dropped (soft hyphen, zero widths, BOM, variation selectors).
  "\u00AD": "",
  "\u200B": "",
  "\u200C": "",
  "\u200D": "",
  "\u2060": "",
  "\uFEFF": "",
  "\uFE0E": "",
  "\uFE0F": "",
};

const COMBINING_MARKS = /\p{M}/gu;
// Skin-tone modifiers belong to the emoji before them, which becomes one "?".
const EMOJI_MODIFIER = /^[\u{1F3FB}-\u{1F3FF}]$/u;

function isGsm7Text(text: string): boolean {
  return Array.from(text).every(isGsm7Character);
}

function replacementFor(char: string): string {
  const mapped = REPLACEMENTS[char];
  if (mapped !== undefined) return mapped;
  if (EMOJI_MODIFIER.test(char)) return "";
  // NFD: ê → e + combining circumflex → e. NFKD also unfolds compatibility forms: ﬁ → fi, ² → 2.
  for (const form of ["NFD", "NFKD"] as const) {
    const base = char.normalize(form).replace(COMBINING_MARKS, "");
    if (base === "" && form === "NFD") return ""; // a lone combining mark
    const spelled = Array.from(base)
      .map((part) => (isGsm7Character(part) ? part : (REPLACEMENTS[part] ?? part)))
      .join("");
    if (spelled !== "" && isGsm7Text(spelled)) return spelled;
  }
  return "?";
}

/** The text in GSM-7 only (see analyzeSegments): what the subscriber's phone will show. */
export function transliterate(text: string): string {
  let out = "";
  // NFC first: "e" + combining acute is the GSM-7 "é", not "e" and a mark to drop.
  for (const char of text.normalize("NFC")) {
    out += isGsm7Character(char) ? char : replacementFor(char);
  }
  return out;
}
