// What an inbound text asks for. Single-word keywords are matched case-, space- and
// accent-insensitively ("Stop.", " s t o p ", "arrêt" all match). Free text is checked for
// revocations, because the FCC rule (2025) counts any reasonable request ("please stop
// texting me") as withdrawing consent. When in doubt we treat a text as a revocation: a
// wrongly honoured STOP costs one subscriber, a missed one costs a lawsuit.

export type InboundIntent =
  /** STOP family or a free-text revocation */
  | { kind: "OPT_OUT"; keyword: string; freeText: boolean }
  /** START / UNSTOP */
  | { kind: "OPT_IN"; keyword: string }
  /** YES and local confirmation words; also re-subscribes someone who opted out (YES only) */
  | { kind: "CONFIRM"; keyword: string }
  | { kind: "HELP"; keyword: string }
  | { kind: "OTHER" };

export const OPT_OUT_WORDS = [
  "STOP",
  "STOPALL",
  "UNSUBSCRIBE",
  "CANCEL",
  "END",
  "QUIT",
  "REVOKE",
  "OPTOUT",
  "STOPP", // de
  "ARRET", // fr (ARRÊT once accents are removed)
  "ALTO", // es
  "PARAR", // es
  "NIE", // pl
];
export const OPT_IN_WORDS = ["START", "UNSTOP"];
export const CONFIRM_WORDS = ["YES", "Y", "JA", "OUI", "SI", "TAK"];
export const HELP_WORDS = ["HELP", "INFO", "HILFE", "AIDE", "AYUDA", "POMOC"];

/** Phrases that revoke consent, matched against lower-cased, accent-free text. */
const REVOCATION_PATTERNS: RegExp[] = [
  // en
  /\bstop\b/,
  /\bunsubscribe\b/,
  /\bopt(ing)?[\s-]?out\b/,
  /\b(remove|delete|take) (me|my (phone|number))\b/,
  /\b(do not|dont|don't|never) (text|message|msg|sms|contact|send)\b/,
  /\bno more (text|message|msg|sms)/,
  /\b(leave me alone|wrong number|not interested)\b/,
  /\bcancel (my )?(subscription|texts|messages|sms)\b/,
  // de
  /\b(abmelden|abbestellen|austragen|stopp)\b/,
  /\bkeine (sms|nachrichten|texte) mehr\b/,
  // fr
  /\b(arret|arreter|desabonner|desinscri\w*)\b/,
  /\bplus de (sms|messages)\b/,
  // es
  /\b(alto|parar|cancelar|darme de baja|dar de baja|baja)\b/,
  /\bno (me )?(envien|manden|escriban)\b/,
  // pl
  /\b(wypisz|wypisac|rezygnuje|rezygnacja)\b/,
  /\bnie (wysylaj|piszcie|pisz)\b/,
];

/** Uppercase, no accents, no spaces or punctuation: the form single-word keywords compare in. */
export function keywordForm(text: string): string {
  return stripAccents(text.normalize("NFKC"))
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

function stripAccents(text: string): string {
  // NFD splits "ê" into "e" + accent; "ł" and "ß" have no decomposition and are mapped by hand.
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/ł/g, "l")
    .replace(/Ł/g, "L")
    .replace(/ß/g, "ss");
}

export function classifyInboundText(body: string): InboundIntent {
  const word = keywordForm(body);
  if (OPT_OUT_WORDS.includes(word)) return { kind: "OPT_OUT", keyword: word, freeText: false };
  if (OPT_IN_WORDS.includes(word)) return { kind: "OPT_IN", keyword: word };
  if (CONFIRM_WORDS.includes(word)) return { kind: "CONFIRM", keyword: word };
  if (HELP_WORDS.includes(word)) return { kind: "HELP", keyword: word };

  const text = stripAccents(body.normalize("NFKC")).toLowerCase().replace(/\s+/g, " ").trim();
  if (REVOCATION_PATTERNS.some((pattern) => pattern.test(text))) {
    return { kind: "OPT_OUT", keyword: "FREE_TEXT", freeText: true };
  }
  // "Yes please!", "yes, sign me up": a short reply that starts with a confirmation word.
  const words = text.split(" ").filter(Boolean);
  const firstWord = keywordForm(words[0] ?? "");
  if (words.length <= 5 && CONFIRM_WORDS.includes(firstWord) && firstWord !== "Y") {
    return { kind: "CONFIRM", keyword: firstWord };
  }
  return { kind: "OTHER" };
}
