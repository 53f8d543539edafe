// zod's own messages ("Too big: expected string to have <=100 characters") are written for
// developers. This error map says the same for people, in the form's language. It applies to
// every check a schema gives no message of its own (a schema's own message always wins).
import type { z } from "zod";
import type { Locale } from "@/lib/i18n/locales";

interface Messages {
  required: string;
  text: string;
  number: string;
  choice: string;
  date: string;
  maxChars: string;
  minChars: string;
  exactChars: string;
  maxNumber: string;
  minNumber: string;
  wholeNumber: string;
  maxItems: string;
  minItems: string;
  email: string;
  url: string;
  format: string;
  unexpected: string;
  invalid: string;
}

// {n}: a limit, {fields}: field names.
const MESSAGES: Record<Locale, Messages> = {
  en: {
    required: "Fill this in.",
    text: "Enter text here.",
    number: "Enter a number.",
    choice: "Choose one of the options.",
    date: "Enter a date and time.",
    maxChars: "Use at most {n} characters.",
    minChars: "Use at least {n} characters.",
    exactChars: "Use exactly {n} characters.",
    maxNumber: "Enter {n} or less.",
    minNumber: "Enter {n} or more.",
    wholeNumber: "Enter a whole number.",
    maxItems: "Choose at most {n}.",
    minItems: "Choose at least {n}.",
    email: "Enter an email address, e.g. name@example.com.",
    url: "Enter a web address starting with https://.",
    format: "This is not in the expected format.",
    unexpected: "Remove what is not expected here: {fields}.",
    invalid: "This is not valid.",
  },
  de: {
    required: "Bitte ausfüllen.",
    text: "Bitte Text eingeben.",
    number: "Bitte eine Zahl eingeben.",
    choice: "Bitte eine der Optionen wählen.",
    date: "Bitte Datum und Uhrzeit eingeben.",
    maxChars: "Höchstens {n} Zeichen.",
    minChars: "Mindestens {n} Zeichen.",
    exactChars: "Genau {n} Zeichen.",
    maxNumber: "Höchstens {n}.",
    minNumber: "Mindestens {n}.",
    wholeNumber: "Bitte eine ganze Zahl eingeben.",
    maxItems: "Höchstens {n} auswählen.",
    minItems: "Mindestens {n} auswählen.",
    email: "Bitte eine E-Mail-Adresse eingeben, z. B. name@example.com.",
    url: "Bitte eine Webadresse mit https:// eingeben.",
    format: "Das Format stimmt nicht.",
    unexpected: "Nicht erwartet: {fields}.",
    invalid: "Das ist nicht gültig.",
  },
  fr: {
    required: "Veuillez remplir ce champ.",
    text: "Veuillez saisir du texte.",
    number: "Veuillez saisir un nombre.",
    choice: "Choisissez l'une des options.",
    date: "Veuillez saisir une date et une heure.",
    maxChars: "{n} caractères au maximum.",
    minChars: "{n} caractères au minimum.",
    exactChars: "Exactement {n} caractères.",
    maxNumber: "{n} au maximum.",
    minNumber: "{n} au minimum.",
    wholeNumber: "Veuillez saisir un nombre entier.",
    maxItems: "Choisissez-en {n} au maximum.",
    minItems: "Choisissez-en au moins {n}.",
    email: "Veuillez saisir une adresse e-mail, p. ex. nom@example.com.",
    url: "Veuillez saisir une adresse web commençant par https://.",
    format: "Le format n'est pas celui attendu.",
    unexpected: "Non attendu ici : {fields}.",
    invalid: "Ce n'est pas valide.",
  },
  es: {
    required: "Rellena este campo.",
    text: "Escribe un texto.",
    number: "Escribe un número.",
    choice: "Elige una de las opciones.",
    date: "Escribe una fecha y hora.",
    maxChars: "Usa como máximo {n} caracteres.",
    minChars: "Usa al menos {n} caracteres.",
    exactChars: "Usa exactamente {n} caracteres.",
    maxNumber: "Escribe {n} o menos.",
    minNumber: "Escribe {n} o más.",
    wholeNumber: "Escribe un número entero.",
    maxItems: "Elige como máximo {n}.",
    minItems: "Elige al menos {n}.",
    email: "Escribe una dirección de correo, p. ej. nombre@example.com.",
    url: "Escribe una dirección web que empiece por https://.",
    format: "El formato no es el esperado.",
    unexpected: "No se esperaba: {fields}.",
    invalid: "No es válido.",
  },
  pl: {
    required: "Wypełnij to pole.",
    text: "Wpisz tekst.",
    number: "Wpisz liczbę.",
    choice: "Wybierz jedną z opcji.",
    date: "Wpisz datę i godzinę.",
    maxChars: "Użyj najwyżej {n} znaków.",
    minChars: "Użyj co najmniej {n} znaków.",
    exactChars: "Użyj dokładnie {n} znaków.",
    maxNumber: "Wpisz {n} lub mniej.",
    minNumber: "Wpisz {n} lub więcej.",
    wholeNumber: "Wpisz liczbę całkowitą.",
    maxItems: "Wybierz najwyżej {n}.",
    minItems: "Wybierz co najmniej {n}.",
    email: "Wpisz adres e-mail, np. imie@example.com.",
    url: "Wpisz adres strony zaczynający się od https://.",
    format: "Format jest niepoprawny.",
    unexpected: "Niespodziewane: {fields}.",
    invalid: "To jest niepoprawne.",
  },
};

type Issue = Parameters<z.core.$ZodErrorMap>[0];

const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{(\w+)\}/g, (match, key: string) => String(values[key] ?? match));

/** Turns one zod issue into a sentence for people in `locale`. */
export function humanZodMessage(issue: Issue, locale: Locale = "en"): string {
  const m = MESSAGES[locale];
  const empty = issue.input === undefined || issue.input === null || issue.input === "";
  switch (issue.code) {
    case "invalid_type":
      if (empty) return m.required;
      return issue.expected === "string"
        ? m.text
        : issue.expected === "number" || issue.expected === "int" || issue.expected === "bigint"
          ? m.number
          : issue.expected === "date"
            ? m.date
            : issue.expected === "boolean" || issue.expected === "array"
              ? m.choice
              : m.invalid;
    case "too_big": {
      // An exclusive limit (< n) is the inclusive limit below it for whole counts.
      const n = Number(issue.maximum) - (issue.inclusive === false ? 1 : 0);
      if (issue.origin === "string") return fill(issue.exact ? m.exactChars : m.maxChars, { n });
      if (issue.origin === "number" || issue.origin === "int" || issue.origin === "bigint")
        return fill(m.maxNumber, { n: Number(issue.maximum) });
      if (issue.origin === "array" || issue.origin === "set") return fill(m.maxItems, { n });
      return m.invalid;
    }
    case "too_small": {
      const n = Number(issue.minimum) + (issue.inclusive === false ? 1 : 0);
      if (issue.origin === "string") {
        if (n <= 1 && !issue.exact) return m.required;
        return fill(issue.exact ? m.exactChars : m.minChars, { n });
      }
      if (issue.origin === "number" || issue.origin === "int" || issue.origin === "bigint")
        return fill(m.minNumber, { n: Number(issue.minimum) });
      if (issue.origin === "array" || issue.origin === "set") return fill(m.minItems, { n });
      return m.invalid;
    }
    case "invalid_format":
      if (empty) return m.required;
      if (issue.format === "email") return m.email;
      if (issue.format === "url") return m.url;
      if (issue.format === "datetime" || issue.format === "date" || issue.format === "time")
        return m.date;
      return m.format;
    case "not_multiple_of":
      return issue.divisor === 1 ? m.wholeNumber : m.invalid;
    case "invalid_value":
      return empty ? m.required : m.choice;
    case "unrecognized_keys":
      return fill(m.unexpected, { fields: issue.keys.join(", ") });
    default:
      return empty ? m.required : m.invalid;
  }
}

/** The error map for `schema.safeParse(input, { error: humanErrorMap(locale) })`. */
export function humanErrorMap(locale: Locale = "en"): z.core.$ZodErrorMap {
  return (issue) => humanZodMessage(issue, locale);
}
