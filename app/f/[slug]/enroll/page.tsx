// An enrollment (2FA) form, /f/<slug>/enroll (/f/<slug> sends them here): number, code and
// consents in one React view that talks to the JSON API. With ?embed=1 it renders bare, for
// the iframe that embed.js puts on the business's own site. Signup forms are served by
// ../route.ts as plain HTML that works without JavaScript.
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { SignupFormView } from "@/components/public-form/signup-form-view";
import { getPublishedForm } from "@/lib/forms/get-published-form";
import { countryOptions } from "@/lib/phone/countries";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const published = await getPublishedForm((await params).slug);
  const headline = published?.version.headline ?? "Signup form";
  // The layout's template adds "· optline"; an organization that hides the branding gets none.
  const title = published && !published.showPoweredBy ? { absolute: headline } : headline;
  return { title, robots: { index: false } };
}

export default async function PublicFormPage({ params, searchParams }: Props) {
  const { slug } = await params;
  const query = await searchParams;
  const published = await getPublishedForm(slug);
  if (!published) notFound();
  const { form, version, showPoweredBy } = published;
  if (form.kind !== "ENROLLMENT") redirect(`/f/${encodeURIComponent(form.slug)}`);
  const embedded = query.embed === "1";
  const text = (value: string | string[] | undefined) =>
    typeof value === "string" ? value.slice(0, 2000) : null;

  const view = (
    <SignupFormView
      formId={form.id}
      versionId={version.id}
      content={version}
      countries={countryOptions(version.locale)}
      mode="live"
      kind={form.kind}
      embedded={embedded}
      parentPageUrl={text(query.page)}
      parentReferrer={text(query.ref)}
    />
  );
  if (embedded) {
    return (
      <>
        <style>{"body{background:transparent;min-height:0}"}</style>
        <main className="p-1">{view}</main>
      </>
    );
  }
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-10">
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
        {view}
      </div>
      <p className="mt-4 text-xs text-slate-500">
        {version.programName}
        {showPoweredBy ? " · double opt-in by optline" : ""}
      </p>
    </main>
  );
}
