// An unknown or unpublished form address: people who followed a link or scanned a code see
// plainly that this signup form is not available, and nothing of the dashboard.
import { FORM_NOT_FOUND } from "@/lib/public-form/not-found-page";

export default function FormNotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-6 py-12">
      <p className="text-sm font-semibold text-brand-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">{FORM_NOT_FOUND.title}</h1>
      <p className="mt-3 text-sm text-slate-700">{FORM_NOT_FOUND.explanation}</p>
      <p className="mt-6 text-xs text-slate-500">Double opt-in by optline</p>
    </main>
  );
}
