"use client";
// A moment in UTC (exact, for evidence) with the viewer's local time beside it.
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

export function Timestamp({
  value,
  withLocal = true,
}: {
  value: Date | string;
  withLocal?: boolean;
}) {
  const date = typeof value === "string" ? new Date(value) : value;
  const utc = date.toISOString().replace("T", " ").replace("Z", " UTC");
  // Local time exists only in the browser; the server renders UTC alone.
  const local = useSyncExternalStore(
    subscribe,
    () => date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" }),
    () => null,
  );
  return (
    <span>
      <time dateTime={date.toISOString()} className="font-mono text-xs text-slate-800">
        {utc}
      </time>
      {withLocal && local ? (
        <span className="ml-1.5 text-xs text-slate-500">({local} local)</span>
      ) : null}
    </span>
  );
}
