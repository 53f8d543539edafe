import "server-only";
import { headers } from "next/headers";
import { userActor, type Actor } from "@/lib/consent-events/actor";
import { requestContextFromHeaders } from "@/lib/http/request-context";
import type { CurrentMembership } from "./require-membership";

/** The signed-in member as the actor of an event, with the IP and browser of this request. */
export async function staffActor(membership: CurrentMembership): Promise<Actor> {
  return userActor(membership.user, requestContextFromHeaders(await headers()));
}
