"use client";
// The editor's live preview of a signup form: the very HTML that /f/<slug> serves
// (lib/public-form), in a sandboxed iframe with scripts and form submission off, resized to
// its content. Enrollment forms are previewed with SignupFormView, like their React page.
import { useMemo, useRef } from "react";
import type { CountryOption } from "@/lib/phone/countries";
import {
  renderPublicFormPage,
  type PublicFormContent,
} from "@/lib/public-form/render-public-form-page";

export function PublicFormPreview({
  formId,
  content,
  countries,
}: {
  formId: string;
  content: PublicFormContent;
  countries: CountryOption[];
}) {
  const frameRef = useRef<HTMLIFrameElement>(null);
  const page = useMemo(
    () =>
      renderPublicFormPage({
        content,
        countries,
        frame: {
          formId,
          versionId: "",
          action: "#",
          restartUrl: "#",
          embedded: true,
          pageUrl: null,
          referrer: null,
          scriptUrl: "",
          // Embedded: no footer either way.
          showPoweredBy: true,
        },
        state: {
          step: "form",
          values: { phone: "", country: content.defaultCountry, consent: false },
          errors: {},
        },
      }),
    [formId, content, countries],
  );
  function fitHeight() {
    const body = frameRef.current?.contentDocument?.body;
    if (frameRef.current && body) {
      frameRef.current.style.height = `${Math.ceil(body.getBoundingClientRect().height)}px`;
    }
  }
  return (
    <iframe
      ref={frameRef}
      title="Form preview"
      srcDoc={page}
      // Same origin only to measure the height; no scripts, no submitting.
      sandbox="allow-same-origin"
      onLoad={fitHeight}
      className="block h-96 w-full border-0"
    />
  );
}
