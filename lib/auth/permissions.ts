// What each role may do. OWNER runs the organization; MARKETER runs audiences, forms and
// subscribers; COMPLIANCE reads everything and changes nothing but the privacy requests queue.
import type { Role } from "@/lib/generated/prisma/enums";

export const PERMISSIONS = {
  "audiences:write": ["OWNER", "MARKETER"],
  "forms:write": ["OWNER", "MARKETER"],
  "subscribers:write": ["OWNER", "MARKETER"],
  /** Soft-deleting a subscriber: owners only. Evidence itself can never be deleted. */
  "subscribers:delete": ["OWNER"],
  "dev_phone:use": ["OWNER", "MARKETER"],
  "api_keys:manage": ["OWNER"],
  "members:manage": ["OWNER"],
  /** Webhook endpoints send subscribers' numbers to another system: owners only, like keys. */
  "webhooks:manage": ["OWNER"],
  /** Senders hold Twilio credentials and decide where STOP is heard: owners only. */
  "senders:manage": ["OWNER"],
  /** Organization-wide settings (the "by optline" branding on hosted forms). */
  "organization:manage": ["OWNER"],
  "evidence:read": ["OWNER", "MARKETER", "COMPLIANCE"],
  /** Lifting fraud blocks (Risk page); seeing risk and failures needs only evidence:read. */
  "risk:manage": ["OWNER", "MARKETER"],
  /** Exports only read, and each is recorded; marketers need sending lists too. */
  "exports:create": ["OWNER", "MARKETER", "COMPLIANCE"],
  /** Approving or rejecting data subjects' requests (erasure): the compliance queue. */
  "privacy:handle": ["OWNER", "COMPLIANCE"],
  /** Whether erasure waits for approval, and how long pending signups are kept. */
  "privacy:settings": ["OWNER"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export const ROLE_LABELS: Record<Role, string> = {
  OWNER: "Owner",
  MARKETER: "Marketer",
  COMPLIANCE: "Compliance",
};
