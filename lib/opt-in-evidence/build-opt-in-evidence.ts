// What a carrier reviewer must see to approve an SMS campaign's opt-in (Twilio errors 30917,
// 30924, 30837 are rejections for opt-in that is not documented or not reachable): every way a
// person joins, the consent language exactly as shown, the links to terms and privacy, and each
// text of the flow. Built from one published form version, so it shows what is really served
// and really sent, never a description typed by hand. Pure: the page, the PDF, the PNG and the
// registration kit all render this one object.
import { renderFormSms } from "@/lib/forms/form-content";
import { FORM_STRINGS } from "@/lib/i18n/form-strings";
import { fillTemplate, toLocale, type Locale } from "@/lib/i18n/locales";
import { systemText } from "@/lib/sms/system-texts";
import { sampleCodeSms } from "@/lib/verification/code-sms";

/** The fields of a published form version the evidence is built from. */
export interface EvidenceVersion {
  version: number;
  publishedAt: Date | null;
  locale: string;
  programName: string;
  headline: string;
  consentText: string;
  consentTextSha256: string;
  buttonLabel: string;
  frequencyText: string;
  ratesText: string;
  confirmationMessage: string;
  helpText: string;
  termsUrl: string | null;
  termsVersion: string | null;
  privacyUrl: string | null;
  privacyVersion: string | null;
  verificationMethod: string;
  codeExpiryMinutes: number;
}

export interface BuildOptInEvidenceInput {
  organizationName: string;
  form: { slug: string; name: string };
  version: EvidenceVersion;
  /** The number (or messaging service) the texts come from and keywords are texted to. */
  sender: string;
  /** Text-to-join keywords of this form, as the marketer wrote them. */
  keywords: string[];
  publicBaseUrl: string;
}

export type SampleMessageKey =
  "confirmation" | "code" | "welcome" | "help" | "stop" | "start" | "alreadySubscribed";

export interface SampleMessage {
  key: SampleMessageKey;
  label: string;
  /** When it is sent, in one sentence. */
  when: string;
  body: string;
}

export interface OptInMethod {
  kind: "web_form" | "keyword";
  title: string;
  /** The journey, step by step, as a reviewer reads it. */
  steps: string[];
}

export interface OptInEvidence {
  organizationName: string;
  formName: string;
  headline: string;
  slug: string;
  hostedUrl: string;
  evidenceUrl: string;
  locale: Locale;
  version: number;
  publishedAt: string | null;
  consentTextSha256: string;
  sender: string;
  keywords: string[];
  disclosures: {
    programName: string;
    consentText: string;
    frequencyText: string;
    ratesText: string;
    buttonLabel: string;
    termsUrl: string | null;
    termsVersion: string | null;
    privacyUrl: string | null;
    privacyVersion: string | null;
  };
  methods: OptInMethod[];
  messages: SampleMessage[];
}

export function buildOptInEvidence(input: BuildOptInEvidenceInput): OptInEvidence {
  const { version, form, sender } = input;
  const locale = toLocale(version.locale);
  const base = input.publicBaseUrl.replace(/\/+$/, "");
  const hostedUrl = `${base}/f/${form.slug}`;
  const program = {
    locale,
    programName: version.programName,
    frequencyText: version.frequencyText,
    ratesText: version.ratesText,
  };
  const byYes = version.verificationMethod !== "CODE";
  const byCode = version.verificationMethod !== "SMS_REPLY";
  const confirmation = renderFormSms(version.confirmationMessage, version);
  const welcome = systemText("welcome", program);
  const strings = FORM_STRINGS[locale];

  const messages: SampleMessage[] = [];
  if (byCode) {
    messages.push({
      key: "code",
      label: "Verification code",
      when: "Right after the form is submitted, to prove the number belongs to the person.",
      body: sampleCodeSms({
        locale,
        purpose: "signup",
        programName: version.programName,
        expiryMinutes: version.codeExpiryMinutes,
      }),
    });
  }
  messages.push({
    key: "confirmation",
    label: byYes ? "Confirmation request" : "Opt-in confirmation",
    when: byYes
      ? "Right after the form is submitted (or the keyword is texted): the person must reply YES."
      : "Once the person typed the right code on the form.",
    body: confirmation,
  });
  if (byYes) {
    messages.push({
      key: "welcome",
      label: "Welcome",
      when: "After the person replies YES: the subscription starts only now.",
      body: welcome,
    });
  }
  messages.push(
    {
      key: "help",
      label: "HELP reply",
      when: "Whenever a subscriber texts HELP or INFO.",
      body: renderFormSms(version.helpText, version),
    },
    {
      key: "stop",
      label: "STOP reply",
      when: "Whenever a subscriber texts STOP (or UNSUBSCRIBE, CANCEL, END, QUIT…): no further texts.",
      body: systemText("optedOut", program),
    },
    {
      key: "start",
      label: "START reply",
      when: "When someone who opted out texts START to subscribe again.",
      body: systemText("optedInAgain", program),
    },
  );

  const unchecked = `the consent checkbox, which starts unchecked, next to the text “${version.consentText}”`;
  const links = [
    version.termsUrl ? `the terms (${version.termsUrl})` : null,
    version.privacyUrl ? `the privacy policy (${version.privacyUrl})` : null,
  ].filter(Boolean);
  const webSteps = [
    `The person opens the signup form at ${hostedUrl} (also embedded on the business's own pages), headed “${version.headline}”.`,
    `They enter their mobile number and tick ${unchecked}${links.length ? `; the form links ${links.join(" and ")}` : ""}.`,
    `They press “${version.buttonLabel}”. Nobody is subscribed yet: the page says “${strings.successTitle}”.`,
  ];
  if (version.verificationMethod === "SMS_REPLY") {
    webSteps.push(
      `${sender} texts the confirmation request: “${confirmation}”`,
      `Only when the person replies YES are they subscribed, and ${sender} answers: “${welcome}”`,
    );
  } else if (version.verificationMethod === "CODE") {
    webSteps.push(
      `${sender} texts a one-time code; the person types it on the form to prove the number is theirs.`,
      `Only then are they subscribed, and ${sender} texts: “${confirmation}”`,
    );
  } else {
    webSteps.push(
      `${sender} texts the confirmation request (“${confirmation}”) and a one-time code.`,
      `The person is subscribed only once they reply YES or type the code, and then get: “${welcome}”`,
    );
  }
  const methods: OptInMethod[] = [
    { kind: "web_form", title: "Web form (double opt-in)", steps: webSteps },
  ];
  if (input.keywords.length > 0) {
    const words = input.keywords.map((word) => `“${word}”`).join(" or ");
    methods.push({
      kind: "keyword",
      title: "Text-to-join keyword (double opt-in)",
      steps: [
        `Printed and online calls to action read: ${callToAction({ keyword: input.keywords[0]!, sender, ...program })}`,
        `The person texts ${words} to ${sender}. Nobody is subscribed yet.`,
        `${sender} answers with the confirmation request: “${confirmation}”`,
        `Only when the person replies YES are they subscribed, and ${sender} answers: “${welcome}”`,
      ],
    });
  }

  return {
    organizationName: input.organizationName,
    formName: form.name,
    headline: version.headline,
    slug: form.slug,
    hostedUrl,
    evidenceUrl: `${hostedUrl}/opt-in-evidence`,
    locale,
    version: version.version,
    publishedAt: version.publishedAt?.toISOString() ?? null,
    consentTextSha256: version.consentTextSha256,
    sender,
    keywords: input.keywords,
    disclosures: {
      programName: version.programName,
      consentText: version.consentText,
      frequencyText: version.frequencyText,
      ratesText: version.ratesText,
      buttonLabel: version.buttonLabel,
      termsUrl: version.termsUrl,
      termsVersion: version.termsVersion,
      privacyUrl: version.privacyUrl,
      privacyVersion: version.privacyVersion,
    },
    methods,
    messages,
  };
}

/**
 * The call to action for a keyword, with the disclosures carriers require next to it:
 * program, what is sent, frequency, rates, HELP and STOP, that consent is not a condition of
 * purchase.
 */
export function callToAction(options: {
  keyword: string;
  sender: string;
  programName: string;
  frequencyText: string;
  ratesText: string;
}): string {
  return fillTemplate(
    "Text {keyword} to {sender} to get recurring marketing texts from {program}. {frequency} {rates} Reply HELP for help, STOP to cancel. Consent is not a condition of purchase.",
    {
      keyword: options.keyword,
      sender: options.sender,
      program: options.programName,
      frequency: options.frequencyText,
      rates: options.ratesText,
    },
  );
}
