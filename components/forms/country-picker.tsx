"use client";
// Chooses many countries out of ~245: a search box filtering a labelled checkbox list,
// region presets, and the chosen ones as removable chips. Plain checkboxes keep it usable by
// keyboard and screen reader without a custom listbox.
import { useId, useMemo, useState } from "react";
import type { CountryOption } from "@/lib/phone/countries";
import { COUNTRY_REGIONS } from "@/lib/phone/country-regions";

interface Props {
  label: string;
  hint: string;
  countries: CountryOption[];
  value: string[];
  onChange: (codes: string[]) => void;
  disabled?: boolean;
  error?: string;
}

/** Lowercase without accents, so "reunion" finds "Réunion". */
function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
}

export function CountryPicker({ label, hint, countries, value, onChange, disabled, error }: Props) {
  const id = useId();
  const [query, setQuery] = useState("");
  const chosen = useMemo(() => new Set(value), [value]);
  const byCode = useMemo(() => new Map(countries.map((c) => [c.code, c])), [countries]);
  const matches = useMemo(() => {
    const needle = fold(query.trim()).replace(/^\+/, "");
    if (!needle) return countries;
    return countries.filter(
      (country) =>
        fold(country.name).includes(needle) ||
        country.code.toLowerCase() === needle ||
        country.callingCode.startsWith(needle),
    );
  }, [countries, query]);

  const update = (codes: Iterable<string>) => onChange([...new Set(codes)].sort());
  const toggle = (code: string, on: boolean) =>
    update(on ? [...value, code] : value.filter((c) => c !== code));
  const nameOf = (code: string) => byCode.get(code)?.name ?? code;
  // Values stay sorted by code (what the server stores); chips read in name order.
  const chips = [...value].sort((a, b) => nameOf(a).localeCompare(nameOf(b)));

  return (
    <fieldset
      data-testid="country-picker"
      className="space-y-2"
      aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
      disabled={disabled}
    >
      <legend className="block text-sm font-medium text-slate-800">{label}</legend>
      <p id={`${id}-hint`} className="text-xs text-slate-600">
        {hint}
      </p>
      {value.length > 0 ? (
        <ul aria-label="Chosen countries" className="flex flex-wrap gap-1.5">
          {chips.map((code) => (
            <li key={code}>
              <button
                type="button"
                onClick={() => toggle(code, false)}
                aria-label={`Remove ${nameOf(code)}`}
                className="inline-flex items-center gap-1 rounded-full bg-brand-50 px-2.5 py-0.5 text-xs font-medium text-brand-800 ring-1 ring-brand-600/30 hover:bg-brand-100 focus-visible:outline-2 focus-visible:outline-brand-600"
              >
                {nameOf(code)} <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="flex flex-wrap items-center gap-1.5">
        <span className="text-xs text-slate-600">Add a region:</span>
        {COUNTRY_REGIONS.map((region) => (
          <button
            key={region.name}
            type="button"
            onClick={() => update([...value, ...region.codes.filter((code) => byCode.has(code))])}
            className="rounded-md px-2 py-0.5 text-xs font-medium text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-600"
          >
            {region.name}
          </button>
        ))}
        {value.length > 0 ? (
          <button
            type="button"
            onClick={() => update([])}
            className="rounded-md px-2 py-0.5 text-xs font-medium text-red-700 ring-1 ring-slate-300 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-brand-600"
          >
            Clear all
          </button>
        ) : null}
      </div>
      <div>
        <label htmlFor={`${id}-search`} className="sr-only">
          Search countries
        </label>
        <input
          id={`${id}-search`}
          type="search"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          placeholder="Search countries, e.g. Germany or +49"
          aria-controls={`${id}-list`}
          className="block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 placeholder:text-slate-500 focus:ring-2 focus:ring-inset focus:ring-brand-600"
        />
      </div>
      <p className="sr-only" aria-live="polite">
        {matches.length} {matches.length === 1 ? "country matches" : "countries match"},{" "}
        {value.length} chosen.
      </p>
      <div
        id={`${id}-list`}
        role="group"
        aria-label="Countries"
        className="max-h-56 overflow-y-auto rounded-md p-2 ring-1 ring-inset ring-slate-300"
      >
        {matches.length === 0 ? (
          <p className="px-1 text-sm text-slate-600">No country matches “{query}”.</p>
        ) : (
          matches.map((country) => (
            <label
              key={country.code}
              className="flex items-center gap-2 rounded px-1 py-0.5 text-sm text-slate-800 hover:bg-slate-50"
            >
              <input
                type="checkbox"
                name="allowedCountries"
                value={country.code}
                checked={chosen.has(country.code)}
                onChange={(event) => toggle(country.code, event.target.checked)}
                className="size-4 rounded border-slate-400 text-brand-600"
              />
              {country.name} (+{country.callingCode})
            </label>
          ))
        )}
      </div>
      {error ? (
        <p id={`${id}-error`} className="text-xs font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
