import Link from "next/link";
import type { ReactNode } from "react";

export function AuthCard({
  title,
  children,
  footer,
}: {
  title: string;
  children: ReactNode;
  footer: ReactNode;
}) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <Link
          href="/"
          className="block text-center text-2xl font-bold tracking-tight text-brand-700"
        >
          optline
        </Link>
        <h1 className="mt-6 text-center text-xl font-semibold text-slate-900">{title}</h1>
        <div className="mt-6 rounded-lg border border-slate-200 bg-white p-6 shadow-xs">
          {children}
        </div>
        <p className="mt-4 text-center text-sm text-slate-600">{footer}</p>
      </div>
    </main>
  );
}
