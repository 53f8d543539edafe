// The signed-in frame: organization switcher, navigation by role, sign-out.
import Link from "next/link";
import type { ReactNode } from "react";
import { switchOrganizationAction } from "@/app/dashboard/actions";
import { can, ROLE_LABELS } from "@/lib/auth/permissions";
import type { CurrentMembership } from "@/lib/auth/require-membership";
import { getEnv } from "@/lib/env";
import { NavLinks, type NavItem } from "./nav-links";
import { OrganizationSwitcher } from "./organization-switcher";
import { SignOutButton } from "./sign-out-button";

export function AppShell({
  membership,
  children,
}: {
  membership: CurrentMembership;
  children: ReactNode;
}) {
  const items: NavItem[] = [
    { href: "/dashboard", label: "Overview" },
    { href: "/dashboard/audiences", label: "Audiences" },
    { href: "/dashboard/forms", label: "Signup forms" },
    { href: "/dashboard/subscribers", label: "Subscribers" },
    { href: "/dashboard/registration", label: "Carrier registration" },
    { href: "/compliance", label: "Compliance" },
  ];
  if (can(membership.role, "evidence:read")) {
    items.push({ href: "/dashboard/risk", label: "Risk" });
    items.push({ href: "/dashboard/failures", label: "Failures" });
  }
  if (getEnv().smsProvider === "dev" && can(membership.role, "dev_phone:use")) {
    items.push({ href: "/dashboard/dev-phone", label: "Dev phone" });
  }
  if (can(membership.role, "members:manage"))
    items.push({ href: "/dashboard/settings/members", label: "Members" });
  if (can(membership.role, "api_keys:manage"))
    items.push({ href: "/dashboard/settings/api-keys", label: "API keys" });
  if (can(membership.role, "webhooks:manage"))
    items.push({ href: "/dashboard/settings/webhooks", label: "Webhooks" });
  if (can(membership.role, "privacy:settings"))
    items.push({ href: "/dashboard/settings/privacy", label: "Privacy" });
  if (can(membership.role, "senders:manage"))
    items.push({ href: "/dashboard/settings/senders", label: "Senders" });
  items.push({ href: "/dashboard/settings/organization", label: "Organization" });
  items.push({ href: "/dashboard/account", label: "Your account" });

  return (
    <div className="min-h-screen md:flex">
      <aside className="border-b border-slate-200 bg-white md:sticky md:top-0 md:h-screen md:w-60 md:shrink-0 md:border-r md:border-b-0 print:hidden">
        <div className="flex items-center justify-between gap-3 px-4 py-4 md:block">
          <Link href="/dashboard" className="text-lg font-bold tracking-tight text-brand-700">
            optline
          </Link>
          <div className="min-w-0 md:mt-4">
            <OrganizationSwitcher
              current={membership.organizationId}
              organizations={membership.memberships.map((m) => ({
                id: m.organizationId,
                name: m.organization.name,
              }))}
              switchAction={switchOrganizationAction}
            />
            <p className="mt-0.5 hidden text-xs text-slate-600 md:block">
              {membership.user.name} · {ROLE_LABELS[membership.role]}
            </p>
          </div>
        </div>
        <nav aria-label="Main" className="px-2 pb-3 md:pb-0">
          <NavLinks items={items} />
        </nav>
        <div className="hidden px-2 md:absolute md:bottom-4 md:block">
          <SignOutButton />
        </div>
      </aside>
      <main className="min-w-0 flex-1 px-4 py-6 md:px-8 md:py-8">
        <div className="mx-auto max-w-6xl">{children}</div>
        <div className="mt-10 md:hidden print:hidden">
          <SignOutButton />
        </div>
      </main>
    </div>
  );
}
