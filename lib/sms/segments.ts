// SMS encoding and segment arithmetic. A message is GSM-7 (160 chars, 153 per part when
// concatenated) unless one character falls outside the GSM-7 alphabet; then the whole
// message is UCS-2 (70, 67 per part). Extension characters (€, [, ], {, }, ~, |, ^, \)
// take two GSM-7 septets.

const GSM7_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM7_EXTENSION = "^{}\\[~]|€\f";

const BASIC = new Set(GSM7_BASIC);
const EXTENSION = new Set(GSM7_EXTENSION);

export type SmsEncoding = "GSM-7" | "UCS-2";

export interface SegmentInfo {
  encoding: SmsEncoding;
  /** Characters as the user sees them. */
  characters: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the message occupies. */
  units: number;
  segments: number;
  /** Units left in the last segment before another one starts. */
  remainingInSegment: number;
  /** The distinct characters that forced UCS-2, in order of appearance. */
  nonGsmCharacters: string[];
}

export function isGsm7Character(char: string): boolean {
  return BASIC.has(char) || EXTENSION.has(char);
}

export function analyzeSegments(text: string): SegmentInfo {
  const chars = Array.from(text);
  const nonGsm = [...new Set(chars.filter((char) => !isGsm7Character(char)))];
  if (nonGsm.length === 0) {
    const units = chars.reduce((sum, char) => sum + (EXTENSION.has(char) ? 2 : 1), 0);
    return build("GSM-7", chars.length, units, 160, 153, []);
  }
  // UCS-2 counts UTF-16 code units: an emoji takes two.
  return build("UCS-2", chars.length, text.length, 70, 67, nonGsm);
}

function build(
  encoding: SmsEncoding,
  characters: number,
  units: number,
  single: number,
  multi: number,
  nonGsmCharacters: string[],
): SegmentInfo {
  const segments = units === 0 ? 0 : units <= single ? 1 : Math.ceil(units / multi);
  const capacity = segments <= 1 ? single : segments * multi;
  return {
    encoding,
    characters,
    units,
    segments,
    remainingInSegment: capacity - units,
    nonGsmCharacters,
  };
}
