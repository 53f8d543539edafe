import { describe, expect, it } from "vitest";
import { passwordProblem } from "./password-policy";

describe("password policy", () => {
  it.each(["aaaaaaaaaa", "password12", "Password123", "qwertyuiop", "1234567890", "iloveyou12"])(
    "refuses the common or trivial password %j",
    (password) => {
      expect(passwordProblem(password, "someone@example.com")).not.toBeNull();
    },
  );

  it("refuses passwords containing the email or its local part", () => {
    expect(passwordProblem("x-jane.doe@example.com-x", "jane.doe@example.com")).toMatch(/email/);
    expect(passwordProblem("Jane.Doe-garden-2031", "jane.doe@example.com")).toMatch(/email/);
  });

  it("accepts a long, uncommon password", () => {
    expect(passwordProblem("correct horse battery staple", "jane@example.com")).toBeNull();
    expect(passwordProblem("tidal-Quokka-88-lantern", "al@example.com")).toBeNull();
  });

  it("ships at least the 10,000 most common passwords", async () => {
    const { dictionary } = await import("@zxcvbn-ts/language-common");
    expect(dictionary["passwords-common"].length).toBeGreaterThanOrEqual(10_000);
  });
});
