import type { ReactNode } from "react";
import { cx } from "./cx";

const TONES = {
  gray: "bg-slate-100 text-slate-700 ring-slate-300",
  green: "bg-emerald-50 text-emerald-800 ring-emerald-600/30",
  amber: "bg-amber-50 text-amber-900 ring-amber-600/30",
  red: "bg-red-50 text-red-800 ring-red-600/30",
  blue: "bg-brand-50 text-brand-800 ring-brand-600/30",
} as const;
export type BadgeTone = keyof typeof TONES;

export function Badge({ tone = "gray", children }: { tone?: BadgeTone; children: ReactNode }) {
  return (
    <span
      className={cx(
        "inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        TONES[tone],
      )}
    >
      {children}
    </span>
  );
}

const SUBSCRIBER_STATUS: Record<string, { tone: BadgeTone; label: string }> = {
  PENDING: { tone: "amber", label: "Pending" },
  CONFIRMED: { tone: "green", label: "Confirmed" },
  UNSUBSCRIBED: { tone: "red", label: "Unsubscribed" },
  NOT_SUBSCRIBED: { tone: "gray", label: "Not subscribed" },
};

export function SubscriberStatusBadge({ status }: { status: string }) {
  const entry = SUBSCRIBER_STATUS[status] ?? { tone: "gray" as const, label: status };
  return <Badge tone={entry.tone}>{entry.label}</Badge>;
}

const MESSAGE_STATUS: Record<string, BadgeTone> = {
  QUEUED: "amber",
  SENDING: "amber",
  ACCEPTED: "blue",
  SENT: "blue",
  DELIVERED: "green",
  UNDELIVERED: "red",
  FAILED: "red",
  RECEIVED: "gray",
  CANCELED: "gray",
};

export function MessageStatusBadge({ status }: { status: string }) {
  return <Badge tone={MESSAGE_STATUS[status] ?? "gray"}>{status.toLowerCase()}</Badge>;
}
