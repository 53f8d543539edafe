// An unknown or unpublished form address: a plain page that says so (with a landmark and h1).
import { html } from "./html";

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
          <h1 style="font-size:1.25rem">This signup form doesn't exist</h1>
          <p>Check the address, or ask the business for its current signup link.</p>
        </main>
      </body>
    </html>`;
  return new Response(page.value, {
    status: 404,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}
