// A withdraw link ({withdraw_link} in a message): opens the portal proven for that number.
import { withApiErrors } from "@/lib/http/api-response";
import { openWithdrawLink } from "@/lib/portal/open-withdraw-link";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ slug: string; token: string }> };

export const GET = withApiErrors(async (request: Request, { params }: Params) => {
  const { slug, token } = await params;
  return openWithdrawLink(slug, token, request);
});
