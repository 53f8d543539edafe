"use client";
import { useTransition } from "react";
import { Select } from "@/components/ui/field";

export function OrganizationSwitcher({
  current,
  organizations,
  switchAction,
}: {
  current: string;
  organizations: { id: string; name: string }[];
  switchAction: (organizationId: string) => Promise<void>;
}) {
  const [pending, startTransition] = useTransition();
  if (organizations.length < 2) {
    return (
      <p className="truncate text-sm font-semibold text-slate-900">{organizations[0]?.name}</p>
    );
  }
  return (
    <div>
      <label htmlFor="organization-switcher" className="sr-only">
        Organization
      </label>
      <Select
        id="organization-switcher"
        value={current}
        disabled={pending}
        onChange={(event) => startTransition(() => switchAction(event.target.value))}
      >
        {organizations.map((organization) => (
          <option key={organization.id} value={organization.id}>
            {organization.name}
          </option>
        ))}
      </Select>
    </div>
  );
}
