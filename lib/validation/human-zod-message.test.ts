// Every schema whose messages reach people, probed field by field with wrong, empty, huge and
// odd values: no message may be one of zod's developer-style defaults, in any locale.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as apiKeySchemas from "@/lib/api-keys/api-key-scopes";
import * as audienceSchemas from "@/lib/audiences/audience-schemas";
import { AppError, parseInput } from "@/lib/errors";
import * as exportSchemas from "@/lib/exports/export-schemas";
import * as formContent from "@/lib/forms/form-content";
import * as formSchemas from "@/lib/forms/form-schemas";
import { LOCALES } from "@/lib/i18n/locales";
import * as accountSchemas from "@/lib/organizations/account-schemas";
import * as signupSchema from "@/lib/signups/signup-schema";
import * as staffSubscriberSchemas from "@/lib/subscribers/staff-subscriber-schemas";
import * as subscriberSchemas from "@/lib/subscribers/subscriber-schemas";
import * as verificationSchemas from "@/lib/verification/verification-schemas";
import { humanZodMessage } from "./human-zod-message";

const MODULES = {
  apiKeySchemas,
  audienceSchemas,
  exportSchemas,
  formContent,
  formSchemas,
  accountSchemas,
  signupSchema,
  staffSubscriberSchemas,
  subscriberSchemas,
  verificationSchemas,
};

const SCHEMAS = Object.entries(MODULES).flatMap(([module, exports]) =>
  Object.entries(exports)
    .filter((entry): entry is [string, z.ZodType] => entry[1] instanceof z.ZodType)
    .map(([name, schema]) => ({ name: `${module}.${name}`, schema })),
);

// zod 4's English defaults: "Invalid input: expected string, received number", "Too big:
// expected string to have <=100 characters", "Invalid option: expected one of …", …
const RAW_ZOD =
  /^(Invalid|Too big|Too small|Unrecognized key|Expected)\b|expected .* received|[<>]=?\s?\d/i;

const PROBES: unknown[] = [
  undefined,
  null,
  "",
  " ",
  "x".repeat(10_001),
  "not valid at all",
  -1,
  0,
  1e12,
  1.5,
  true,
  [],
  ["x"],
  Array.from({ length: 300 }, () => "x"),
  {},
];

function messagesFor(schema: z.ZodType, input: unknown, locale: (typeof LOCALES)[number]) {
  try {
    parseInput(schema, input, locale);
    return [];
  } catch (error) {
    if (!(error instanceof AppError) || !error.fields) throw error;
    return Object.values(error.fields).flat();
  }
}

describe("messages people see", () => {
  it("finds the schemas to walk", () => {
    expect(SCHEMAS.length).toBeGreaterThan(15);
  });

  it("turns zod's defaults into sentences", () => {
    const schema = z.object({ name: z.string().max(100) });
    const raw = schema.safeParse({ name: "x".repeat(101) });
    expect(raw.error?.issues[0]?.message).toMatch(RAW_ZOD);
    const people = () => parseInput(schema, { name: "x".repeat(101) });
    expect(people).toThrow(AppError);
    try {
      people();
    } catch (error) {
      expect((error as AppError).fields).toEqual({ name: ["Use at most 100 characters."] });
    }
    expect(() => parseInput(schema, { name: "x".repeat(101) }, "de")).toThrow();
    const issue = schema.safeParse({ name: "x".repeat(101) }).error!.issues[0]!;
    expect(humanZodMessage({ ...issue, input: "x" } as never, "de")).toBe("Höchstens 100 Zeichen.");
  });

  for (const { name, schema } of SCHEMAS) {
    it(`${name}: no raw zod message in any locale`, () => {
      const shape = "shape" in schema ? (schema.shape as Record<string, unknown>) : {};
      const inputs: unknown[] = [
        ...PROBES,
        ...Object.keys(shape).flatMap((field) => PROBES.map((probe) => ({ [field]: probe }))),
      ];
      let seen = 0;
      for (const locale of LOCALES) {
        for (const input of inputs) {
          for (const message of messagesFor(schema, input, locale)) {
            seen += 1;
            expect(message, `${name} ${JSON.stringify(input)?.slice(0, 80)}`).not.toMatch(RAW_ZOD);
          }
        }
      }
      expect(seen).toBeGreaterThan(0);
    });
  }
});
