// Locales a form can be published in. The form page, the built-in SMS replies and the
// default consent wording exist in each.
export const LOCALES = ["en", "de", "fr", "es", "pl"] as const;
export type Locale = (typeof LOCALES)[number];

export const LOCALE_NAMES: Record<Locale, string> = {
  en: "English",
  de: "Deutsch",
  fr: "Français",
  es: "Español",
  pl: "Polski",
};

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

export function toLocale(value: string | null | undefined): Locale {
  return value && isLocale(value) ? value : "en";
}

/** Replaces {name} placeholders; unknown placeholders are left as they are. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template
    .replace(/\{(\w+)\}/g, (match, key: string) => values[key] ?? match)
    .replace(/[ \t]{2,}/g, " ")
    .trim();
}
