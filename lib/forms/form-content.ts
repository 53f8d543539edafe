// What a signup form shows and sends: one zod schema shared by the editor (client) and the
// server, default wording per locale, template rendering, and the CTIA content checks that
// gate publishing.
import { z } from "zod";
import { fillTemplate, LOCALES, type Locale } from "@/lib/i18n/locales";
import { isCountryCode } from "@/lib/phone/normalize-phone";
import { analyzeSegments } from "@/lib/sms/segments";
import { transliterate } from "@/lib/sms/transliterate";
import { findPlaceholder } from "./find-placeholder";

export const VERIFICATION_METHODS = ["SMS_REPLY", "CODE", "BOTH"] as const;
export type VerificationMethodName = (typeof VERIFICATION_METHODS)[number];
export type FormKindName = "SIGNUP" | "ENROLLMENT";

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
  /** How the number is proven: a YES reply, a code typed into the form, or either. */
  verificationMethod: z.enum(VERIFICATION_METHODS).default("SMS_REPLY"),
  codeExpiryMinutes: z.coerce
    .number()
    .int()
    .min(5, "Codes live 5 to 10 minutes")
    .max(10, "Codes live 5 to 10 minutes")
    .default(10),
  /** Replace characters outside GSM-7 before sending (applied by the SMS sender). */
  transliterate: z.boolean().default(false),
  /** Countries whose numbers may sign up; empty: the default country only. */
  allowedCountries: z
    .array(
      z
        .string()
        .trim()
        .toUpperCase()
        .refine((value): boolean => isCountryCode(value), "Unknown country"),
    )
    .max(250)
    .default([])
    .transform((codes) => [...new Set(codes)].sort()),
  /** Enrollment (2FA) forms: the text next to the verification-codes checkbox. */
  verificationConsentText: z.string().trim().max(2000).default(""),
});
export type TFormContentSchema = z.infer<typeof ZFormContentSchema>;

export const VERIFICATION_METHOD_LABELS: Record<VerificationMethodName, string> = {
  SMS_REPLY: "Reply YES to the text",
  CODE: "Type a code on the form",
  BOTH: "Either: reply YES or type the code",
};

interface LocaleDefaults {
  /** Confirmation for forms that confirm by code: no "Reply YES", sent once the code is right. */
  codeConfirmationMessage: string;
  verificationConsentText: string;
  enrollmentHeadline: string;
  enrollmentButtonLabel: string;
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
    helpText:
      "{program}: Help at [your support email or phone]. {frequency} {rates} Reply STOP to cancel.",
    codeConfirmationMessage:
      "{program}: You're subscribed to recurring marketing texts. {frequency} {rates} Reply HELP for help, STOP to cancel.",
    verificationConsentText:
      "I agree to receive one-time verification codes by text from {program} at this number to secure my account. Msg & data rates may apply.",
    enrollmentHeadline: "Verify your phone number",
    enrollmentButtonLabel: "Send code",
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
      "{program}: Hilfe unter [Ihre Support-E-Mail oder Telefonnummer]. {frequency} {rates} Antworten Sie STOP zum Abmelden.",
    codeConfirmationMessage:
      "{program}: Sie sind für Marketing-SMS angemeldet. {frequency} {rates} HILFE für Hilfe, STOP zum Abmelden.",
    verificationConsentText:
      "Ich möchte einmalige Bestätigungscodes per SMS von {program} an diese Nummer erhalten, um mein Konto zu schützen. Es können SMS- und Datengebühren anfallen.",
    enrollmentHeadline: "Telefonnummer bestätigen",
    enrollmentButtonLabel: "Code senden",
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
      "{program} : Aide à [votre e-mail ou téléphone d'assistance]. {frequency} {rates} Répondez STOP pour arrêter.",
    codeConfirmationMessage:
      "{program} : Vous êtes inscrit aux SMS marketing. {frequency} {rates} AIDE pour de l'aide, STOP pour arrêter.",
    verificationConsentText:
      "J'accepte de recevoir par SMS des codes de vérification à usage unique de {program} à ce numéro pour sécuriser mon compte. Des frais de SMS et de données peuvent s'appliquer.",
    enrollmentHeadline: "Vérifiez votre numéro",
    enrollmentButtonLabel: "Envoyer le code",
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
      "{program}: Ayuda en [tu correo o teléfono de soporte]. {frequency} {rates} Responde STOP para cancelar.",
    codeConfirmationMessage:
      "{program}: Estás suscrito a mensajes de marketing. {frequency} {rates} AYUDA para ayuda, STOP para cancelar.",
    verificationConsentText:
      "Acepto recibir por SMS códigos de verificación de un solo uso de {program} en este número para proteger mi cuenta. Pueden aplicarse tarifas de mensajes y datos.",
    enrollmentHeadline: "Verifica tu número",
    enrollmentButtonLabel: "Enviar código",
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
      "{program}: Pomoc: [Twój e-mail lub telefon wsparcia]. {frequency} {rates} Odpisz STOP, aby zrezygnować.",
    codeConfirmationMessage:
      "{program}: Zapisano Cię na SMS-y marketingowe. {frequency} {rates} POMOC - pomoc, STOP - rezygnacja.",
    verificationConsentText:
      "Zgadzam się na otrzymywanie jednorazowych kodów weryfikacyjnych SMS od {program} na ten numer w celu ochrony mojego konta. Mogą obowiązywać opłaty za SMS i dane.",
    enrollmentHeadline: "Zweryfikuj numer telefonu",
    enrollmentButtonLabel: "Wyślij kod",
  },
};

export function defaultFormContent(options: {
  locale: Locale;
  programName: string;
  defaultCountry: string;
  kind?: FormKindName;
}): TFormContentSchema {
  const base = DEFAULTS[options.locale];
  const program = { program: options.programName };
  const enrollment = options.kind === "ENROLLMENT";
  return {
    locale: options.locale,
    defaultCountry: options.defaultCountry,
    programName: options.programName,
    headline: enrollment ? base.enrollmentHeadline : fillTemplate(base.headline, program),
    description: "",
    consentText: fillTemplate(base.consentText, program),
    buttonLabel: enrollment ? base.enrollmentButtonLabel : base.buttonLabel,
    frequencyText: base.frequencyText,
    ratesText: base.ratesText,
    confirmationMessage: enrollment ? base.codeConfirmationMessage : base.confirmationMessage,
    helpText: base.helpText,
    termsUrl: "",
    termsVersion: "",
    privacyUrl: "",
    privacyVersion: "",
    verificationMethod: enrollment ? "CODE" : "SMS_REPLY",
    codeExpiryMinutes: 10,
    transliterate: false,
    allowedCountries: [],
    verificationConsentText: enrollment ? fillTemplate(base.verificationConsentText, program) : "",
  };
}

/**
 * The default confirmation template for a method, so that switching a form between "Reply
 * YES" and code keeps the stock wording right (a customised text is left alone).
 */
export function confirmationTemplateFor(
  locale: Locale,
  method: VerificationMethodName,
  current: string,
): string {
  const base = DEFAULTS[locale];
  const stock = [base.confirmationMessage, base.codeConfirmationMessage];
  if (!stock.includes(current)) return current;
  return method === "CODE" ? base.codeConfirmationMessage : base.confirmationMessage;
}

/**
 * {withdraw_link} in a message: a signed link (lib/portal/withdraw-link-url.ts) that opens the
 * privacy portal already proven for the person's number and list. Previews, content checks
 * and segment counts use this sample, as long as a real one.
 */
export const WITHDRAW_LINK_PLACEHOLDER = "{withdraw_link}";
export const SAMPLE_WITHDRAW_LINK =
  "https://sms.acmedeals.shop/p/acme-deals/w/cm4x2k9ab0001qz8r7t6y5u4w.mkzq1ab.Q2hlY2tTYW1wbGVMaW5rMA";

type SmsFacts = Pick<TFormContentSchema, "programName" | "frequencyText" | "ratesText">;

/**
 * Fills {program}, {frequency} and {rates} in an SMS template from the form version, and
 * {withdraw_link} with the person's link (the sample when there is no person: previews).
 */
export function renderFormSms(
  template: string,
  facts: SmsFacts,
  withdrawLink: string = SAMPLE_WITHDRAW_LINK,
): string {
  return fillTemplate(template, {
    program: facts.programName,
    frequency: facts.frequencyText,
    rates: facts.ratesText,
    withdraw_link: withdrawLink,
  });
}

const FIELD_NAMES: Partial<Record<keyof TFormContentSchema, string>> = {
  programName: "program name",
  headline: "headline",
  description: "description",
  consentText: "consent text",
  buttonLabel: "button label",
  frequencyText: "message frequency",
  ratesText: "rates disclosure",
  confirmationMessage: "confirmation message",
  helpText: "HELP reply",
  termsUrl: "terms URL",
  privacyUrl: "privacy policy URL",
  verificationConsentText: "verification consent text",
};

export interface ContentProblem {
  field: keyof TFormContentSchema;
  message: string;
}

const CONFIRM_WORD = /\b(YES|JA|OUI|SI|SÍ|TAK)\b/;
const HELP_WORD = /\b(HELP|INFO|HILFE|AIDE|AYUDA|POMOC)\b/;
const RATES_MAY_APPLY = /\b(msg|message)s?\s*(&|and)\s*data rates may apply\b/i;
const CONTACT = /(@|https?:\/\/|www\.|\+?\d[\d\s().-]{6,}\d)/;

/**
 * CTIA checks on the rendered confirmation and HELP messages. Any problem blocks publishing.
 * Code-only forms (and enrollment forms) confirm by code, so their confirmation message,
 * sent once the code is right, need not ask for a YES.
 */
export function checkFormContent(
  content: TFormContentSchema,
  options: { kind?: FormKindName } = {},
): ContentProblem[] {
  const enrollment = options.kind === "ENROLLMENT";
  const codeOnly = enrollment || content.verificationMethod === "CODE";
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
  if (!codeOnly) {
    need(
      "confirmationMessage",
      "confirmation message",
      CONFIRM_WORD.test(confirmation),
      "how to confirm (e.g. “Reply YES”)",
    );
  }
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
  // Carriers reject campaigns whose opt-in page links no terms or privacy policy.
  need(
    "termsUrl",
    "form",
    content.termsUrl !== "",
    "a link to your messaging terms (carriers reject campaigns without one: Twilio errors 30917, 30924)",
  );
  need(
    "privacyUrl",
    "form",
    content.privacyUrl !== "",
    "a link to your privacy policy (carriers reject campaigns without one: Twilio errors 30917, 30924)",
  );
  if (content.locale === "en" && !enrollment) {
    // What carrier reviewers look for word for word in an English opt-in (CTIA handbook; US
    // A2P 10DLC and toll-free verification reject campaigns whose opt-in lacks them).
    need(
      "ratesText",
      "rates disclosure",
      RATES_MAY_APPLY.test(content.ratesText),
      "“Msg & data rates may apply” (the wording reviewers look for)",
    );
    need(
      "frequencyText",
      "message frequency",
      /\d|var(y|ies)/i.test(content.frequencyText),
      "how many texts (e.g. “Up to 4 msgs/month.”) or that the number varies",
    );
    need(
      "consentText",
      "consent text",
      RATES_MAY_APPLY.test(content.consentText) || has(content.consentText, content.ratesText),
      "that message and data rates may apply",
    );
    need(
      "consentText",
      "consent text",
      /frequen|\b\d+\s*(msgs?|messages|texts)\b/i.test(content.consentText) ||
        has(content.consentText, content.frequencyText),
      "the message frequency",
    );
    need(
      "consentText",
      "consent text",
      /\bnot a condition of (any )?purchase\b/i.test(content.consentText),
      "that consent is not a condition of purchase",
    );
  }
  const shown: [ContentProblem["field"], string][] = [
    ["programName", content.programName],
    ["headline", content.headline],
    ["description", content.description],
    ["consentText", content.consentText],
    ["buttonLabel", content.buttonLabel],
    ["frequencyText", content.frequencyText],
    ["ratesText", content.ratesText],
    ["confirmationMessage", confirmation],
    ["helpText", help],
    ["termsUrl", content.termsUrl],
    ["privacyUrl", content.privacyUrl],
    ["verificationConsentText", enrollment ? content.verificationConsentText : ""],
  ];
  for (const [field, value] of shown) {
    const placeholder = findPlaceholder(value);
    if (placeholder) {
      problems.push({
        field,
        message: `The ${FIELD_NAMES[field]} still has a placeholder, “${placeholder}”: replace it with your real details.`,
      });
    }
  }
  if (enrollment) {
    need(
      "verificationConsentText",
      "verification consent text",
      content.verificationConsentText.length >= 20,
      "what the person agrees to (codes by text to this number, at least 20 characters)",
    );
    need(
      "verificationConsentText",
      "verification consent text",
      has(content.verificationConsentText, content.programName),
      "the program or brand name",
    );
  }
  return problems;
}

/**
 * Warnings, not refusals: texts that take more than one SMS segment, each billed separately
 * (the default confirmation does once the program name is over 5 characters). Measured on
 * what is sent, so after transliteration when the form has it on.
 */
export function warnFormSegments(content: TFormContentSchema): ContentProblem[] {
  const texts: [ContentProblem["field"], string][] = [
    ["confirmationMessage", "confirmation message"],
    ["helpText", "HELP reply"],
  ];
  return texts.flatMap(([field, name]) => {
    const rendered = renderFormSms(String(content[field]), content);
    const info = analyzeSegments(content.transliterate ? transliterate(rendered) : rendered);
    if (info.segments <= 1) return [];
    const single = info.encoding === "GSM-7" ? 160 : 70;
    return [
      {
        field,
        message: `The ${name} takes ${info.segments} SMS segments (${info.characters} characters, ${info.encoding}), each billed: shorten it by ${info.units - single} to fit one.`,
      },
    ];
  });
}
