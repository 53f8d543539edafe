// A tiny HTML template tag for pages rendered without React (the public form): every
// interpolated value is escaped unless it is already Html, so visitor input and form content
// can never become markup.
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | null | undefined | false | Part[];

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return "";
  if (Array.isArray(part)) return part.map(render).join("");
  if (part instanceof Html) return part.value;
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  return new Html(strings.reduce((out, text, index) => out + render(values[index - 1]) + text, ""));
}

/** A translated template ("sent at {time}") whose placeholders may be markup. */
export function fillHtml(template: string, values: Record<string, Part>): Html {
  return new Html(
    template
      .split(/(\{\w+\})/)
      .map((piece) => {
        const key = /^\{(\w+)\}$/.exec(piece)?.[1];
        return key !== undefined && key in values ? render(values[key]) : escapeHtml(piece);
      })
      .join(""),
  );
}
