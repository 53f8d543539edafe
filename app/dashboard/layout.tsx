import type { ReactNode } from "react";
import { AppShell } from "@/components/dashboard/app-shell";
import { requireMembership } from "@/lib/auth/require-membership";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  return <AppShell membership={await requireMembership()}>{children}</AppShell>;
}
