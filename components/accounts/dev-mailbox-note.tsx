import Link from "next/link";
import { getEnv } from "@/lib/env";

/** With MAIL_PROVIDER=dev, where the mail this page sends can be read. */
export function DevMailboxNote() {
  if (getEnv().mailProvider !== "dev") return null;
  return (
    <p className="mt-4 text-center text-xs text-slate-600">
      No mail leaves this machine (MAIL_PROVIDER=dev): read it in the{" "}
      <Link href="/dev/mailbox" className="font-medium text-brand-700 hover:underline">
        dev mailbox
      </Link>
      .
    </p>
  );
}
