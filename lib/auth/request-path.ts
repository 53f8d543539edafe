// The path of the page being rendered, as proxy.ts passed it on (server components cannot
// read their own URL). Used only to come back after sign-in, through safeReturnPath.
import "server-only";
import { headers } from "next/headers";
import { REQUEST_PATH_HEADER } from "./return-path";

export async function currentRequestPath(): Promise<string | null> {
  return (await headers()).get(REQUEST_PATH_HEADER);
}
