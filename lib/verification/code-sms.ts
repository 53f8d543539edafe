// The verification code SMS: who sends it, what it is for, the code, which code of the day it
// is, when it expires and a warning not to share it. Short on purpose: it must fit one
// segment and be read at a glance on a lock screen. The Spanish and Polish wording leaves
// out accents so that the code text stays GSM-7 (160 characters, not 70).
import { fillTemplate, type Locale } from "@/lib/i18n/locales";
import { formatCode } from "./code-policy";

/** portal: the code that opens the privacy portal (/p/<slug>) for the number. */
export type CodePurpose = "signup" | "enrollment" | "portal";

const TEMPLATES: Record<Locale, Record<CodePurpose, string>> = {
  en: {
    signup:
      "{program}: your code to confirm texts is {code} (code {sequence} of today). It expires in {minutes} min. Don't share it.",
    enrollment:
      "{program}: your verification code is {code} (code {sequence} of today). It expires in {minutes} min. Don't share it.",
    portal:
      "{program}: your code to open your privacy settings is {code} (code {sequence} of today). It expires in {minutes} min. Don't share it.",
  },
  de: {
    signup:
      "{program}: Ihr Code zur Bestätigung der SMS ist {code} (Code {sequence} von heute). Gültig für {minutes} Min. Nicht weitergeben.",
    enrollment:
      "{program}: Ihr Bestätigungscode ist {code} (Code {sequence} von heute). Gültig für {minutes} Min. Nicht weitergeben.",
    portal:
      "{program}: Ihr Code für Ihre Datenschutz-Einstellungen ist {code} (Code {sequence} von heute). Gültig für {minutes} Min. Nicht weitergeben.",
  },
  fr: {
    signup:
      "{program} : votre code pour confirmer les SMS est {code} (code {sequence} du jour). Il expire dans {minutes} min. Ne le partagez pas.",
    enrollment:
      "{program} : votre code de vérification est {code} (code {sequence} du jour). Il expire dans {minutes} min. Ne le partagez pas.",
    portal:
      "{program} : code de confidentialite {code} (code {sequence} du jour). Il expire dans {minutes} min. Ne le partagez pas.",
  },
  es: {
    signup:
      "{program}: tu codigo para confirmar los SMS es {code} (codigo {sequence} de hoy). Caduca en {minutes} min. No lo compartas.",
    enrollment:
      "{program}: tu codigo de verificacion es {code} (codigo {sequence} de hoy). Caduca en {minutes} min. No lo compartas.",
    portal:
      "{program}: tu codigo para tus ajustes de privacidad es {code} (codigo {sequence} de hoy). Caduca en {minutes} min. No lo compartas.",
  },
  pl: {
    signup:
      "{program}: kod potwierdzenia SMS to {code} (kod {sequence} z dzisiaj). Wygasa za {minutes} min. Nie udostepniaj go.",
    enrollment:
      "{program}: kod weryfikacyjny to {code} (kod {sequence} z dzisiaj). Wygasa za {minutes} min. Nie udostepniaj go.",
    portal:
      "{program}: kod do ustawien prywatnosci to {code} (kod {sequence} z dzisiaj). Wygasa za {minutes} min. Nie udostepniaj go.",
  },
};

export interface CodeSmsInput {
  locale: Locale;
  purpose: CodePurpose;
  programName: string;
  code: string;
  sequence: number;
  expiryMinutes: number;
}

export function renderCodeSms(input: CodeSmsInput): string {
  return fillTemplate(TEMPLATES[input.locale][input.purpose], {
    program: input.programName,
    code: formatCode(input.code),
    sequence: String(input.sequence),
    minutes: String(input.expiryMinutes),
  });
}

/** A sample for the form editor's preview. */
export function sampleCodeSms(
  input: Omit<CodeSmsInput, "code" | "sequence"> & { sequence?: number },
): string {
  return renderCodeSms({ ...input, code: "123456", sequence: input.sequence ?? 2 });
}
