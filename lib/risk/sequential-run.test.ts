import { describe, expect, it } from "vitest";
import { longestSequentialRun } from "./sequential-run";

describe("longestSequentialRun", () => {
  it("finds a run of consecutive numbers through the current one, in any order", () => {
    const run = longestSequentialRun(
      "+12015550102",
      ["+12015550104", "+12015550100", "+12015550103", "+12015550101", "+12015550999"],
      10,
    );
    expect(run).toEqual({
      length: 5,
      step: 1,
      members: ["+12015550100", "+12015550101", "+12015550102", "+12015550103", "+12015550104"],
    });
  });

  it("finds runs with a larger constant step, up to maxStep", () => {
    const recent = ["+447700900010", "+447700900020", "+447700900030"];
    expect(longestSequentialRun("+447700900040", recent, 10)).toMatchObject({
      length: 4,
      step: 10,
    });
    expect(longestSequentialRun("+447700900040", recent, 9).length).toBe(1);
  });

  it("stops at a gap and ignores numbers of another length", () => {
    const recent = ["+12015550101", "+12015550103", "+1201555010"];
    expect(longestSequentialRun("+12015550102", recent, 1)).toMatchObject({ length: 3 });
    expect(longestSequentialRun("+12015550102", ["+1201555011"], 10).length).toBe(1);
  });

  it("counts duplicates once and treats a lone number as a run of one", () => {
    expect(longestSequentialRun("+12015550102", ["+12015550102", "+12015550102"], 10)).toEqual({
      length: 1,
      step: 0,
      members: ["+12015550102"],
    });
    expect(longestSequentialRun("not a number", ["+12015550102"], 10).length).toBe(1);
  });
});
