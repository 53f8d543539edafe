// The carrier registration kit of one sender (US A2P 10DLC campaign, toll-free verification):
// every field a reviewer reads, generated from what is configured and published, so that what
// is registered is what is really served and sent. Reviewers reject opt-in they cannot see or
// that lacks its disclosures (Twilio errors 30917, 30924, 30837); the kit lists what would be
// rejected before the marketer submits. Pure: the dashboard page and the tests read this.
import { checkFormContent, type TFormContentSchema } from "@/lib/forms/form-content";
import { HELP_WORDS, OPT_OUT_WORDS } from "@/lib/sms/keywords";
import type { OptInEvidence } from "@/lib/opt-in-evidence/build-opt-in-evidence";

export interface RegistrationKitForm {
  evidence: OptInEvidence;
  /** The published version's content, for the content checks. */
  content: TFormContentSchema;
}

export interface KitProblem {
  /** Which form it concerns (its name), or null for the whole kit. */
  form: string | null;
  message: string;
}

export interface RegistrationKit {
  sender: string;
  organizationName: string;
  campaignDescription: string;
  /** "How do end users consent": each method of each form, step by step, with its evidence link. */
  messageFlow: string;
  optInMethods: { form: string; kind: "web_form" | "keyword"; description: string }[];
  sampleMessages: { label: string; body: string }[];
  optInKeywords: string[];
  /** What a person gets when they text an opt-in keyword (and after each web signup). */
  optInMessage: string | null;
  optOutKeywords: string[];
  optOutMessage: string | null;
  helpKeywords: string[];
  helpMessage: string | null;
  messageFrequency: string[];
  termsUrls: string[];
  privacyUrls: string[];
  /** Public pages showing each form's opt-in: the screenshots and URLs reviewers ask for. */
  evidenceUrls: { form: string; page: string; pdf: string; png: string }[];
  embedsLinks: boolean;
  problems: KitProblem[];
}

const unique = (values: (string | null | undefined)[]) => [
  ...new Set(values.filter((value): value is string => Boolean(value))),
];

export function buildRegistrationKit(input: {
  organizationName: string;
  sender: string;
  forms: RegistrationKitForm[];
}): RegistrationKit {
  const { forms, sender, organizationName } = input;
  const evidence = forms.map((form) => form.evidence);
  const programs = unique(evidence.map((e) => e.disclosures.programName));
  const frequencies = unique(evidence.map((e) => e.disclosures.frequencyText));
  const message = (key: string) =>
    unique(evidence.flatMap((e) => e.messages.filter((m) => m.key === key).map((m) => m.body)));
  const keywords = unique(evidence.flatMap((e) => e.keywords));
  const hasKeywords = keywords.length > 0;

  const methodNames = unique([
    "a web form on the business's site",
    hasKeywords ? `texting a keyword (${keywords.join(", ")}) to ${sender}` : null,
  ]);
  const campaignDescription = evidence.length
    ? `${organizationName} sends recurring marketing text messages (offers, news and reminders) for ${programs.join(", ")} from ${sender} to people who asked for them by ${methodNames.join(" or ")}. Every opt-in is double: nobody gets marketing texts until they reply YES to a confirmation text that names the program, message frequency, “Msg & data rates may apply”, HELP and STOP. ${frequencies.join(" ")}`
    : "";

  const optInMethods = forms.flatMap(({ evidence: e }) =>
    e.methods.map((method) => ({
      form: e.formName,
      kind: method.kind,
      description: `${method.title}, form “${e.formName}”: ${method.steps.map((step, index) => `(${index + 1}) ${step}`).join(" ")} Public evidence of this opt-in: ${e.evidenceUrl}`,
    })),
  );

  const samples = [
    ...message("confirmation").map((body) => ({ label: "Confirmation request", body })),
    ...message("welcome").map((body) => ({ label: "Welcome", body })),
    ...message("help").map((body) => ({ label: "HELP reply", body })),
    ...message("stop").map((body) => ({ label: "STOP reply", body })),
  ];

  const problems: KitProblem[] = [];
  if (forms.length === 0) {
    problems.push({
      form: null,
      message:
        "No published signup form sends from this number: reviewers need a documented opt-in. Publish a form first.",
    });
  }
  for (const { evidence: e, content } of forms) {
    for (const problem of checkFormContent(content)) {
      problems.push({ form: e.formName, message: problem.message });
    }
  }

  return {
    sender,
    organizationName,
    campaignDescription,
    messageFlow: optInMethods.map((method) => method.description).join("\n\n"),
    optInMethods,
    sampleMessages: samples,
    optInKeywords: hasKeywords ? [...keywords, "YES"] : ["YES"],
    optInMessage: message("confirmation")[0] ?? null,
    optOutKeywords: OPT_OUT_WORDS.slice(0, 8),
    optOutMessage: message("stop")[0] ?? null,
    helpKeywords: HELP_WORDS.slice(0, 2),
    helpMessage: message("help")[0] ?? null,
    messageFrequency: frequencies,
    termsUrls: unique(evidence.map((e) => e.disclosures.termsUrl)),
    privacyUrls: unique(evidence.map((e) => e.disclosures.privacyUrl)),
    evidenceUrls: evidence.map((e) => ({
      form: e.formName,
      page: e.evidenceUrl,
      pdf: `${e.evidenceUrl}.pdf`,
      png: `${e.evidenceUrl}.png`,
    })),
    embedsLinks: samples.some((sample) => /https?:\/\/|www\./i.test(sample.body)),
    problems,
  };
}
