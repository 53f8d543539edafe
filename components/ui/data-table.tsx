import type { ReactNode } from "react";
import { cx } from "./cx";

// One place for the table scaffolding the dashboard pages share (scroll wrapper, header
// styling, row dividers), and so that every table has an accessible caption. Pages still
// write their own rows and cells.

/** Classes of a right-aligned numeric cell. */
export const TD_NUM = "px-4 py-2 text-right tabular-nums";

/** Classes of a phone number cell: a number broken over lines is hard to read and to copy. */
export const TD_PHONE = "whitespace-nowrap px-4 py-2";

export type DataTableColumn = {
  label: ReactNode;
  align?: "right";
  /** Hides the label visually (icon or action columns) but keeps it for screen readers. */
  srOnly?: boolean;
  className?: string;
};

export function DataTable({
  caption,
  columns,
  children,
  className,
}: {
  /** Read by screen readers and used as the table's accessible name; not shown. */
  caption: string;
  columns: readonly DataTableColumn[];
  /** The rows (`<tr>`) of the body. */
  children: ReactNode;
  /** Extra classes for the scrolling wrapper. */
  className?: string;
}) {
  return (
    // On a narrow screen the table scrolls sideways inside this region rather than squeezing
    // its cells; keyboard users reach it by Tab and scroll with the arrow keys.
    <div
      role="region"
      aria-label={caption}
      tabIndex={0}
      className={cx(
        "overflow-x-auto focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600",
        className,
      )}
    >
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
          <tr>
            {columns.map((column, index) => (
              <th
                key={index}
                scope="col"
                className={cx(
                  "px-4 py-2",
                  column.align === "right" && "text-right",
                  column.className,
                )}
              >
                {column.srOnly ? <span className="sr-only">{column.label}</span> : column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}
