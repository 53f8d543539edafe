import type { ReactNode, Ref } from "react";
import { cx } from "./cx";

const TONES = {
  error: "border-red-200 bg-red-50 text-red-800",
  success: "border-emerald-200 bg-emerald-50 text-emerald-800",
  warning: "border-amber-200 bg-amber-50 text-amber-900",
  info: "border-sky-200 bg-sky-50 text-sky-900",
} as const;

export function Alert({
  tone = "info",
  children,
  className,
  ref,
}: {
  tone?: keyof typeof TONES;
  children: ReactNode;
  className?: string;
  /** Errors can take focus (tabIndex -1) when no field is at fault. */
  ref?: Ref<HTMLDivElement>;
}) {
  return (
    <div
      ref={ref}
      role={tone === "error" ? "alert" : "status"}
      tabIndex={tone === "error" ? -1 : undefined}
      className={cx("rounded-md border px-3 py-2 text-sm outline-none", TONES[tone], className)}
    >
      {children}
    </div>
  );
}
