// Any address the app does not know: a branded page with a way back, not Next's default.
import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Page not found", robots: { index: false } };

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-6 py-12">
      <p className="text-sm font-semibold text-brand-700">optline · 404</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">Page not found</h1>
      <p className="mt-3 text-sm text-slate-700">
        Nothing lives at this address. It may be mistyped, or what was here has been removed.
      </p>
      <p className="mt-6">
        <Link href="/dashboard" className="text-sm font-medium text-brand-700 hover:underline">
          Go to the dashboard
        </Link>
      </p>
    </main>
  );
}
