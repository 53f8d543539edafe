// Region presets for country pickers: a marketer thinks "the EU", not 27 Ctrl-clicks.

export interface CountryRegion {
  name: string;
  codes: readonly string[];
}

export const COUNTRY_REGIONS: readonly CountryRegion[] = [
  {
    name: "EU",
    codes: [
      "AT",
      "BE",
      "BG",
      "HR",
      "CY",
      "CZ",
      "DK",
      "EE",
      "FI",
      "FR",
      "DE",
      "GR",
      "HU",
      "IE",
      "IT",
      "LV",
      "LT",
      "LU",
      "MT",
      "NL",
      "PL",
      "PT",
      "RO",
      "SK",
      "SI",
      "ES",
      "SE",
    ],
  },
  { name: "North America", codes: ["US", "CA", "MX"] },
  { name: "DACH", codes: ["DE", "AT", "CH"] },
  { name: "UK & Ireland", codes: ["GB", "IE"] },
  { name: "Nordics", codes: ["DK", "FI", "IS", "NO", "SE"] },
  { name: "Benelux", codes: ["BE", "NL", "LU"] },
  { name: "Australia & NZ", codes: ["AU", "NZ"] },
];
