import Link from "next/link";
import { CardBody } from "@/components/ui/card";
import { Timestamp } from "@/components/ui/timestamp";
import type { listAuditLog } from "@/lib/compliance/list-audit-log";

export function AuditList({ items }: { items: Awaited<ReturnType<typeof listAuditLog>>["items"] }) {
  if (items.length === 0)
    return <CardBody className="text-sm text-slate-600">No staff activity yet.</CardBody>;
  return (
    <ul className="divide-y divide-slate-100 text-sm">
      {items.map((event) => (
        <li
          key={event.id}
          className="flex flex-wrap items-baseline justify-between gap-2 px-5 py-3"
          data-testid="audit-entry"
        >
          <span>
            <span className="font-medium text-slate-900">
              {event.actorName ?? event.actorType.toLowerCase()}
            </span>{" "}
            <span className="text-slate-700">{event.description.title}</span>
            {event.subscriber ? (
              <>
                {" · "}
                <Link
                  href={`/dashboard/subscribers/${event.subscriber.id}`}
                  className="text-brand-700 hover:underline"
                >
                  {event.subscriber.phone}
                </Link>
              </>
            ) : null}
            {event.ip ? (
              <span className="ml-2 font-mono text-xs text-slate-500">{event.ip}</span>
            ) : null}
            {event.description.details.length > 0 ? (
              <span className="mt-1 block break-words text-xs text-slate-600">
                {event.description.details.map(([label, value], index) => (
                  <span key={label}>
                    {index > 0 ? " · " : null}
                    <span className="font-medium text-slate-700">{label}:</span> {value}
                  </span>
                ))}
              </span>
            ) : null}
          </span>
          <Timestamp value={event.createdAt} withLocal={false} />
        </li>
      ))}
    </ul>
  );
}
