// An unknown or unpublished form address: a plain page that says so (with a landmark and h1).
// The enrollment page's not-found (app/f/[slug]/not-found.tsx) says the same words.
import { html } from "./html";

export const FORM_NOT_FOUND = {
  title: "This signup form is not available",
  explanation:
    "The address may be mistyped, or the form has not been published or was taken down. Check the link you were given, or ask the business that shared it.",
};

export function notFoundPage(): Response {
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>Form not found · optline</title>
      </head>
      <body style="font-family:system-ui,sans-serif;margin:0;padding:2.5rem 1rem">
        <main>
          <p style="font-size:.875rem;font-weight:600">404</p>
          <h1 style="font-size:1.25rem">This signup form is not available</h1>
          <p>
            The address may be mistyped, or the form has not been published or was taken down. Check
            the link you were given, or ask the business that shared it.
          </p>
        </main>
      </body>
    </html>`;
  return new Response(page.value, {
    status: 404,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}
