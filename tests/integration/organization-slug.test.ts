// Every organization has a portal slug from its name; a second organization with the same
// name gets a suffix instead of failing.
import { describe, expect, it } from "vitest";
import { createAccount } from "@/lib/organizations/create-account";
import { uniqueSuffix } from "../support/factories";

function account(organizationName: string) {
  const suffix = uniqueSuffix();
  return createAccount({
    name: "Slug Owner",
    email: `owner-${suffix}@slug.test`,
    password: "correct horse battery staple",
    organizationName,
  });
}

describe("organization slug", () => {
  it("comes from the name, and a taken one gets a suffix", async () => {
    const name = `Café Crème ${uniqueSuffix()} GmbH`;
    const first = await account(name);
    const second = await account(name);
    const base = name
      .normalize("NFD")
      .replace(/\p{M}+/gu, "")
      .toLowerCase()
      .replace(/ /g, "-");
    expect(first.organization.slug).toBe(base);
    expect(second.organization.slug).toMatch(new RegExp(`^${base}-[0-9a-f]{6}$`));
  });

  it("is never empty", async () => {
    const organization = (await account("!!!")).organization;
    expect(organization.slug).toMatch(/^org(-[0-9a-f]{6})?$/);
  });
});
