// Who caused an event, snapshotted at the time (a renamed user keeps their old name in old
// evidence).
import type { ActorType } from "@/lib/generated/prisma/enums";

export interface Actor {
  type: ActorType;
  id?: string | null;
  name?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

export const SYSTEM_ACTOR: Actor = { type: "SYSTEM", name: "optline" };

export function subscriberActor(
  phone: string,
  request?: { ip?: string | null; userAgent?: string | null },
): Actor {
  return {
    type: "SUBSCRIBER",
    name: phone,
    ip: request?.ip ?? null,
    userAgent: request?.userAgent ?? null,
  };
}

/** A signed-in staff member, with the request they acted from. */
export function userActor(
  user: { id: string; name: string; email: string },
  request?: { ip?: string | null; userAgent?: string | null },
): Actor {
  return {
    type: "USER",
    id: user.id,
    name: `${user.name} <${user.email}>`,
    ip: request?.ip ?? null,
    userAgent: request?.userAgent ?? null,
  };
}

/** A business's app calling with an API key, with the request it came from. */
export function apiKeyActor(
  key: { apiKeyId: string; name: string },
  request: { ip?: string | null; userAgent?: string | null },
): Actor {
  return {
    type: "API_KEY",
    id: key.apiKeyId,
    name: key.name,
    ip: request.ip ?? null,
    userAgent: request.userAgent ?? null,
  };
}
