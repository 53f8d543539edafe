// An unknown or unpublished form address: people who followed a link or scanned a code see
// plainly that this signup form is not available, and nothing of the dashboard.
export default function FormNotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-6 py-12">
      <p className="text-sm font-semibold text-brand-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">
        This signup form is not available
      </h1>
      <p className="mt-3 text-sm text-slate-700">
        The address may be mistyped, or the form has not been published or was taken down. Check the
        link you were given, or ask the business that shared it.
      </p>
      <p className="mt-6 text-xs text-slate-500">Double opt-in by optline</p>
    </main>
  );
}
