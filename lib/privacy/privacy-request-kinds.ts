// The request vocabulary the portal and the queue share, lowercase as the API speaks it.
import type {
  PrivacyRequestChannel,
  PrivacyRequestKind,
  PrivacyRequestStatus,
} from "@/lib/generated/prisma/enums";

export type PrivacyRequestKindName = "access" | "withdrawal" | "erasure";
export type PrivacyRequestChannelName = "portal" | "withdraw_link" | "staff" | "retention";
export type PrivacyRequestStatusName = "open" | "awaiting_approval" | "completed" | "rejected";

export const KIND_TO_DB: Record<PrivacyRequestKindName, PrivacyRequestKind> = {
  access: "ACCESS",
  withdrawal: "WITHDRAWAL",
  erasure: "ERASURE",
};
export const CHANNEL_TO_DB: Record<PrivacyRequestChannelName, PrivacyRequestChannel> = {
  portal: "PORTAL",
  withdraw_link: "WITHDRAW_LINK",
  staff: "STAFF",
  retention: "RETENTION",
};

export function kindName(kind: PrivacyRequestKind): PrivacyRequestKindName {
  return kind.toLowerCase() as PrivacyRequestKindName;
}
export function channelName(channel: PrivacyRequestChannel): PrivacyRequestChannelName {
  return channel.toLowerCase() as PrivacyRequestChannelName;
}
export function statusName(status: PrivacyRequestStatus): PrivacyRequestStatusName {
  return status.toLowerCase() as PrivacyRequestStatusName;
}
