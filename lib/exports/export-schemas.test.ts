import { describe, expect, it } from "vitest";
import {
  parseMoment,
  queryFromSearchParams,
  ZConsentEventsExportQuerySchema,
} from "./export-schemas";

describe("parseMoment", () => {
  it("reads a date as the first or the last millisecond of that UTC day", () => {
    expect(parseMoment("2026-01-31", false)?.toISOString()).toBe("2026-01-31T00:00:00.000Z");
    expect(parseMoment("2026-01-31", true)?.toISOString()).toBe("2026-01-31T23:59:59.999Z");
    expect(parseMoment("2024-02-29", true)?.toISOString()).toBe("2024-02-29T23:59:59.999Z");
  });

  it("reads date-times with an offset, or as UTC without one", () => {
    expect(parseMoment("2026-01-31T12:00:00Z", true)?.toISOString()).toBe(
      "2026-01-31T12:00:00.000Z",
    );
    expect(parseMoment("2026-01-31T14:00:00.250+02:00", false)?.toISOString()).toBe(
      "2026-01-31T12:00:00.250Z",
    );
    expect(parseMoment("2026-01-31T12:00", false)?.toISOString()).toBe("2026-01-31T12:00:00.000Z");
  });

  it("refuses what is not a real date", () => {
    for (const value of [
      "2026-02-30",
      "2025-02-29",
      "2026-13-01",
      "yesterday",
      "1706700000",
      "2026-01-31 12:00",
      "2026-01-31T25:00:00Z",
    ]) {
      expect(parseMoment(value, false), value).toBeNull();
    }
  });
});

describe("ZConsentEventsExportQuerySchema", () => {
  it("treats empty form fields as absent and defaults to CSV", () => {
    const query = ZConsentEventsExportQuerySchema.parse({
      format: "",
      from: "",
      to: " ",
      audienceId: "",
      type: [],
    });
    expect(query).toEqual({
      format: "csv",
      from: undefined,
      to: undefined,
      audienceId: undefined,
      type: [],
    });
  });

  it("accepts repeated and comma-separated types, without duplicates", () => {
    const params = new URLSearchParams("type=sms.sent&type=signup.submitted,sms.sent");
    const query = ZConsentEventsExportQuerySchema.parse(queryFromSearchParams(params));
    expect(query.type).toEqual(["sms.sent", "signup.submitted"]);
  });

  it("names each bad field", () => {
    const result = ZConsentEventsExportQuerySchema.safeParse({
      format: "xml",
      from: "soon",
      type: "nope",
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join(".")).sort()).toEqual([
      "format",
      "from",
      "type",
    ]);
    const reversed = ZConsentEventsExportQuerySchema.safeParse({
      from: "2026-03-02",
      to: "2026-03-01",
    });
    expect(reversed.error?.issues.map((issue) => issue.path.join("."))).toEqual(["to"]);
    // The same day at both ends is one whole day, not a reversed range.
    expect(
      ZConsentEventsExportQuerySchema.safeParse({ from: "2026-03-01", to: "2026-03-01" }).success,
    ).toBe(true);
  });
});
