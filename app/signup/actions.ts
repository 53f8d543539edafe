"use server";
import { runAction } from "@/lib/actions/action-result";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import { createAccount } from "@/lib/organizations/create-account";
import { enforceRateLimits } from "@/lib/rate-limit/check-rate-limit";
import { headers } from "next/headers";

export async function signUpAction(input: {
  name: string;
  email: string;
  password: string;
  organizationName: string;
}) {
  return runAction(async () => {
    const { ip } = requestContextFromHeaders(await headers());
    await enforceRateLimits(
      [{ key: `signup-account:ip:${ip ?? "unknown"}`, limit: 30, windowSeconds: 3600 }],
      "Too many accounts created from your network. Try again later.",
    );
    const { user } = await createAccount(input);
    return { email: user.email };
  });
}
