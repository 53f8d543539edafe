// What the form page shows for its keywords: the sender they are texted to and, per keyword,
// the call to action with its disclosures (from the live version, else the draft) and its QR
// code.
import "server-only";
import { callToAction } from "@/lib/opt-in-evidence/build-opt-in-evidence";
import { senderLabel } from "@/lib/opt-in-evidence/sender-label";
import { keywordSmsUri, qrCodeSvg } from "./keyword-call-to-action";
import { listFormKeywords } from "./manage-form-keywords";

export async function getFormKeywordViews(options: {
  organizationId: string;
  formId: string;
  senderId: string | null;
  program: { programName: string; frequencyText: string; ratesText: string };
}) {
  const [sender, keywords] = await Promise.all([
    senderLabel({ organizationId: options.organizationId, senderId: options.senderId }),
    listFormKeywords({ organizationId: options.organizationId, formId: options.formId }),
  ]);
  const views = await Promise.all(
    keywords.map(async (keyword) => {
      const smsUri = keywordSmsUri(sender, keyword.keyword);
      const svg = smsUri ? await qrCodeSvg(smsUri) : null;
      return {
        id: keyword.id,
        keyword: keyword.keyword,
        callToAction: callToAction({ keyword: keyword.keyword, sender, ...options.program }),
        smsUri,
        qrCode: svg ? `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` : null,
      };
    }),
  );
  return { sender, keywords: views };
}
