import { getCountryCallingCode } from "libphonenumber-js/max";
import { supportedCountries } from "./normalize-phone";

export interface CountryOption {
  code: string;
  name: string;
  callingCode: string;
}

/** Every country libphonenumber knows, named in the given locale, sorted by name. */
export function countryOptions(locale = "en"): CountryOption[] {
  const names = new Intl.DisplayNames([locale, "en"], { type: "region" });
  return supportedCountries()
    .map((code) => ({
      code,
      name: names.of(code) ?? code,
      callingCode: getCountryCallingCode(code),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
}
