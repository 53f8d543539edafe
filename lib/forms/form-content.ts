// What a signup form shows and sends: one zod schema shared by the editor (client) and the
// server, default wording per locale, template rendering, and the CTIA content checks that
// gate publishing.
import { z } from "zod";
import { fillTemplate, LOCALES, type Locale } from "@/lib/i18n/locales";
import { isCountryCode } from "@/lib/phone/normalize-phone";

const optionalUrl = z
  .string()
  .trim()
  .max(500)
  .refine(
    (value) => value === "" || /^https?:\/\/\S+$/.test(value),
    "Use a full http(s):// address",
  )
  .default("");

export const ZFormContentSchema = z.object({
  locale: z.enum(LOCALES),
  defaultCountry: z
    .string()
    .trim()
    .toUpperCase()
    .refine((value): boolean => isCountryCode(value), "Choose a country"),
  programName: z
    .string()
    .trim()
    .min(2, "Name the program (2–40 characters)")
    .max(40, "At most 40 characters"),
  headline: z.string().trim().min(1, "Write a headline").max(120),
  description: z.string().trim().max(500).default(""),
  consentText: z
    .string()
    .trim()
    .min(40, "The consent text must say what the person agrees to (at least 40 characters)")
    .max(2000),
  buttonLabel: z.string().trim().min(1).max(40),
  frequencyText: z
    .string()
    .trim()
    .min(3, "Say how often you text, e.g. “Up to 4 msgs/month.”")
    .max(80),
  ratesText: z.string().trim().min(3).max(80),
  confirmationMessage: z.string().trim().min(20).max(480),
  helpText: z.string().trim().min(20).max(480),
  termsUrl: optionalUrl,
  termsVersion: z.string().trim().max(40).default(""),
  privacyUrl: optionalUrl,
  privacyVersion: z.string().trim().max(40).default(""),
});
export type TFormContentSchema = z.infer<typeof ZFormContentSchema>;

interface LocaleDefaults {
  headline: string;
  consentText: string;
  buttonLabel: string;
  frequencyText: string;
  ratesText: string;
  confirmationMessage: string;
  helpText: string;
}

// {program} in these defaults is filled in when a form is created; {frequency} and {rates}
// in the two SMS templates stay placeholders so that editing those fields updates the SMS.
const DEFAULTS: Record<Locale, LocaleDefaults> = {
  en: {
    headline: "Get texts from {program}",
    consentText:
      "Yes, I agree to receive recurring automated marketing text messages from {program} at the number provided. Consent is not a condition of any purchase. Msg frequency varies. Msg & data rates may apply. Reply HELP for help and STOP to cancel at any time.",
    buttonLabel: "Subscribe",
    frequencyText: "Up to 4 msgs/month.",
    ratesText: "Msg & data rates may apply.",
    confirmationMessage:
      "{program}: Reply YES to confirm your subscription to recurring marketing texts. {frequency} {rates} Reply HELP for help, STOP to cancel.",
    helpText: "{program}: Help at support@example.com. {frequency} {rates} Reply STOP to cancel.",
  },
  de: {
    headline: "SMS von {program} erhalten",
    consentText:
      "Ja, ich möchte wiederkehrende automatisierte Marketing-SMS von {program} an die angegebene Nummer erhalten. Die Einwilligung ist keine Voraussetzung für einen Kauf. Die Häufigkeit variiert. Es können Gebühren für Nachrichten und Daten anfallen. Antworten Sie HILFE für Hilfe und STOP, um sich jederzeit abzumelden.",
    buttonLabel: "Anmelden",
    frequencyText: "Bis zu 4 SMS/Monat.",
    ratesText: "Es können SMS- und Datengebühren anfallen.",
    confirmationMessage:
      "{program}: Antworten Sie JA, um Ihre Anmeldung für Marketing-SMS zu bestätigen. {frequency} {rates} HILFE für Hilfe, STOP zum Abmelden.",
    helpText:
      "{program}: Hilfe unter support@example.com. {frequency} {rates} Antworten Sie STOP zum Abmelden.",
  },
  fr: {
    headline: "Recevez les SMS de {program}",
    consentText:
      "Oui, j'accepte de recevoir des SMS marketing automatisés et récurrents de {program} au numéro indiqué. Le consentement n'est pas une condition d'achat. Fréquence variable. Des frais de messagerie et de données peuvent s'appliquer. Répondez AIDE pour de l'aide et STOP pour vous désinscrire à tout moment.",
    buttonLabel: "S'inscrire",
    frequencyText: "Jusqu'à 4 SMS/mois.",
    ratesText: "Frais de SMS et de données possibles.",
    confirmationMessage:
      "{program} : Répondez OUI pour confirmer votre inscription aux SMS marketing. {frequency} {rates} AIDE pour de l'aide, STOP pour arrêter.",
    helpText:
      "{program} : Aide à support@example.com. {frequency} {rates} Répondez STOP pour arrêter.",
  },
  es: {
    headline: "Recibe mensajes de {program}",
    consentText:
      "Sí, acepto recibir mensajes de texto de marketing automatizados y recurrentes de {program} en el número indicado. El consentimiento no es condición de compra. La frecuencia varía. Pueden aplicarse tarifas de mensajes y datos. Responde AYUDA para ayuda y STOP para cancelar en cualquier momento.",
    buttonLabel: "Suscribirme",
    frequencyText: "Hasta 4 msjs/mes.",
    ratesText: "Pueden aplicarse tarifas de mensajes y datos.",
    confirmationMessage:
      "{program}: Responde SI para confirmar tu suscripción a mensajes de marketing. {frequency} {rates} AYUDA para ayuda, STOP para cancelar.",
    helpText:
      "{program}: Ayuda en support@example.com. {frequency} {rates} Responde STOP para cancelar.",
  },
  pl: {
    headline: "Otrzymuj SMS-y od {program}",
    consentText:
      "Tak, zgadzam się na otrzymywanie cyklicznych, automatycznych wiadomości marketingowych SMS od {program} na podany numer. Zgoda nie jest warunkiem zakupu. Częstotliwość jest różna. Mogą obowiązywać opłaty za wiadomości i dane. Odpisz POMOC, aby uzyskać pomoc, i STOP, aby zrezygnować w dowolnym momencie.",
    buttonLabel: "Zapisz się",
    frequencyText: "Do 4 SMS/miesiąc.",
    ratesText: "Mogą obowiązywać opłaty za SMS i dane.",
    confirmationMessage:
      "{program}: Odpisz TAK, aby potwierdzić zapis na SMS-y marketingowe. {frequency} {rates} POMOC - pomoc, STOP - rezygnacja.",
    helpText:
      "{program}: Pomoc: support@example.com. {frequency} {rates} Odpisz STOP, aby zrezygnować.",
  },
};

export function defaultFormContent(options: {
  locale: Locale;
  programName: string;
  defaultCountry: string;
}): TFormContentSchema {
  const base = DEFAULTS[options.locale];
  const program = { program: options.programName };
  return {
    locale: options.locale,
    defaultCountry: options.defaultCountry,
    programName: options.programName,
    headline: fillTemplate(base.headline, program),
    description: "",
    consentText: fillTemplate(base.consentText, program),
    buttonLabel: base.buttonLabel,
    frequencyText: base.frequencyText,
    ratesText: base.ratesText,
    confirmationMessage: base.confirmationMessage,
    helpText: base.helpText,
    termsUrl: "",
    termsVersion: "",
    privacyUrl: "",
    privacyVersion: "",
  };
}

type SmsFacts = Pick<TFormContentSchema, "programName" | "frequencyText" | "ratesText">;

/** Fills {program}, {frequency} and {rates} in an SMS template from the form version. */
export function renderFormSms(template: string, facts: SmsFacts): string {
  return fillTemplate(template, {
    program: facts.programName,
    frequency: facts.frequencyText,
    rates: facts.ratesText,
  });
}

export interface ContentProblem {
  field: keyof TFormContentSchema;
  message: string;
}

const CONFIRM_WORD = /\b(YES|JA|OUI|SI|SÍ|TAK)\b/;
const HELP_WORD = /\b(HELP|INFO|HILFE|AIDE|AYUDA|POMOC)\b/;
const CONTACT = /(@|https?:\/\/|www\.|\+?\d[\d\s().-]{6,}\d)/;

/** CTIA checks on the rendered confirmation and HELP messages. Any problem blocks publishing. */
export function checkFormContent(content: TFormContentSchema): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const confirmation = renderFormSms(content.confirmationMessage, content);
  const help = renderFormSms(content.helpText, content);
  const need = (field: ContentProblem["field"], text: string, ok: boolean, what: string) => {
    if (!ok) problems.push({ field, message: `The ${text} must include ${what}.` });
  };
  const has = (text: string, part: string) => text.toLowerCase().includes(part.toLowerCase());

  need(
    "confirmationMessage",
    "confirmation message",
    has(confirmation, content.programName),
    "the program name",
  );
  need(
    "confirmationMessage",
    "confirmation message",
    has(confirmation, content.frequencyText),
    "the message frequency",
  );
  need(
    "confirmationMessage",
    "confirmation message",
    has(confirmation, content.ratesText),
    "the rates text",
  );
  need(
    "confirmationMessage",
    "confirmation message",
    CONFIRM_WORD.test(confirmation),
    "how to confirm (e.g. “Reply YES”)",
  );
  need(
    "confirmationMessage",
    "confirmation message",
    HELP_WORD.test(confirmation),
    "HELP instructions",
  );
  need(
    "confirmationMessage",
    "confirmation message",
    /\bSTOP\b/.test(confirmation),
    "STOP instructions",
  );
  need("helpText", "HELP reply", has(help, content.programName), "the program name");
  need("helpText", "HELP reply", CONTACT.test(help), "a contact (email, phone or web address)");
  need("helpText", "HELP reply", /\bSTOP\b/.test(help), "STOP instructions");
  need(
    "consentText",
    "consent text",
    has(content.consentText, content.programName),
    "the program or brand name",
  );
  need(
    "consentText",
    "consent text",
    /\bSTOP\b/.test(content.consentText),
    "how to opt out (STOP)",
  );
  return problems;
}
