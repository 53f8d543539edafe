// The SMS replies optline sends on its own (keywords, hints), in each form locale.
// Placeholders: {program}, {frequency}, {rates}. Every reply names the program and says how
// to get help or stop, as CTIA asks.
import { fillTemplate, type Locale } from "@/lib/i18n/locales";

export type SystemTextKey =
  | "welcome"
  | "optedOut"
  | "optedInAgain"
  | "alreadySubscribed"
  | "hintPending"
  | "hintSubscribed"
  | "hintUnknown"
  | "helpUnknown";

const TEXTS: Record<Locale, Record<SystemTextKey, string>> = {
  en: {
    welcome:
      "{program}: Thanks, you're subscribed! {frequency} {rates} Reply HELP for help, STOP to cancel.",
    optedOut:
      "{program}: You're unsubscribed and will get no more messages. Reply START to resubscribe.",
    optedInAgain:
      "{program}: You're subscribed again. {frequency} {rates} Reply HELP for help, STOP to cancel.",
    alreadySubscribed: "{program}: You're already subscribed. Reply HELP for help, STOP to cancel.",
    hintPending:
      "{program}: Reply YES to confirm your subscription, HELP for help or STOP to cancel.",
    hintSubscribed:
      "{program}: Sorry, we couldn't read that. Reply HELP for help or STOP to unsubscribe.",
    hintUnknown: "This number sends program alerts only. Reply HELP for help or STOP to opt out.",
    helpUnknown:
      "This number sends program alerts only. Reply STOP to opt out of all messages from it.",
  },
  de: {
    welcome:
      "{program}: Danke, Sie sind angemeldet! {frequency} {rates} Antworten Sie HILFE für Hilfe, STOP zum Abmelden.",
    optedOut:
      "{program}: Sie sind abgemeldet und erhalten keine Nachrichten mehr. Antworten Sie START, um sich erneut anzumelden.",
    optedInAgain:
      "{program}: Sie sind wieder angemeldet. {frequency} {rates} Antworten Sie HILFE für Hilfe, STOP zum Abmelden.",
    alreadySubscribed:
      "{program}: Sie sind bereits angemeldet. Antworten Sie HILFE für Hilfe, STOP zum Abmelden.",
    hintPending:
      "{program}: Antworten Sie JA zur Bestätigung, HILFE für Hilfe oder STOP zum Abbrechen.",
    hintSubscribed:
      "{program}: Das haben wir nicht verstanden. Antworten Sie HILFE für Hilfe oder STOP zum Abmelden.",
    hintUnknown:
      "Diese Nummer versendet nur Programm-Nachrichten. Antworten Sie HILFE für Hilfe oder STOP zum Abmelden.",
    helpUnknown:
      "Diese Nummer versendet nur Programm-Nachrichten. Antworten Sie STOP, um keine Nachrichten mehr zu erhalten.",
  },
  fr: {
    welcome:
      "{program} : Merci, vous êtes inscrit ! {frequency} {rates} Répondez AIDE pour de l'aide, STOP pour arrêter.",
    optedOut:
      "{program} : Vous êtes désinscrit et ne recevrez plus de messages. Répondez START pour vous réinscrire.",
    optedInAgain:
      "{program} : Vous êtes de nouveau inscrit. {frequency} {rates} Répondez AIDE pour de l'aide, STOP pour arrêter.",
    alreadySubscribed:
      "{program} : Vous êtes déjà inscrit. Répondez AIDE pour de l'aide, STOP pour arrêter.",
    hintPending:
      "{program} : Répondez OUI pour confirmer, AIDE pour de l'aide ou STOP pour annuler.",
    hintSubscribed:
      "{program} : Message non compris. Répondez AIDE pour de l'aide ou STOP pour vous désinscrire.",
    hintUnknown:
      "Ce numéro n'envoie que des alertes de programme. Répondez AIDE pour de l'aide ou STOP pour arrêter.",
    helpUnknown:
      "Ce numéro n'envoie que des alertes de programme. Répondez STOP pour ne plus rien recevoir.",
  },
  es: {
    welcome:
      "{program}: ¡Gracias, ya estás suscrito! {frequency} {rates} Responde AYUDA para ayuda, STOP para cancelar.",
    optedOut:
      "{program}: Te has dado de baja y no recibirás más mensajes. Responde START para volver a suscribirte.",
    optedInAgain:
      "{program}: Te has vuelto a suscribir. {frequency} {rates} Responde AYUDA para ayuda, STOP para cancelar.",
    alreadySubscribed:
      "{program}: Ya estás suscrito. Responde AYUDA para ayuda, STOP para cancelar.",
    hintPending: "{program}: Responde SI para confirmar, AYUDA para ayuda o STOP para cancelar.",
    hintSubscribed:
      "{program}: No entendimos tu mensaje. Responde AYUDA para ayuda o STOP para darte de baja.",
    hintUnknown:
      "Este número solo envía alertas de programas. Responde AYUDA para ayuda o STOP para darte de baja.",
    helpUnknown:
      "Este número solo envía alertas de programas. Responde STOP para no recibir más mensajes.",
  },
  pl: {
    welcome:
      "{program}: Dziękujemy, zapisano Cię! {frequency} {rates} Odpisz POMOC, aby uzyskać pomoc, STOP, aby zrezygnować.",
    optedOut:
      "{program}: Wypisano Cię i nie otrzymasz więcej wiadomości. Odpisz START, aby zapisać się ponownie.",
    optedInAgain:
      "{program}: Zapisano Cię ponownie. {frequency} {rates} Odpisz POMOC, aby uzyskać pomoc, STOP, aby zrezygnować.",
    alreadySubscribed:
      "{program}: Jesteś już zapisany. Odpisz POMOC, aby uzyskać pomoc, STOP, aby zrezygnować.",
    hintPending:
      "{program}: Odpisz TAK, aby potwierdzić, POMOC, aby uzyskać pomoc, lub STOP, aby anulować.",
    hintSubscribed:
      "{program}: Nie rozumiemy wiadomości. Odpisz POMOC, aby uzyskać pomoc, lub STOP, aby się wypisać.",
    hintUnknown:
      "Ten numer wysyła tylko wiadomości programów. Odpisz POMOC, aby uzyskać pomoc, lub STOP, aby się wypisać.",
    helpUnknown:
      "Ten numer wysyła tylko wiadomości programów. Odpisz STOP, aby nie otrzymywać więcej wiadomości.",
  },
};

export interface ProgramFacts {
  locale: Locale;
  programName: string;
  frequencyText: string;
  ratesText: string;
}

export function systemText(key: SystemTextKey, program: ProgramFacts | { locale: Locale }): string {
  const values: Record<string, string> =
    "programName" in program
      ? { program: program.programName, frequency: program.frequencyText, rates: program.ratesText }
      : {};
  return fillTemplate(TEXTS[program.locale][key], values);
}
