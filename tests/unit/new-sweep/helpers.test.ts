import { describe, expect, it } from "vitest";
import { parseSpace } from "@/lib/optimizer";
import { locateIssueLine, splitPath, syntaxErrorLine } from "@/components/new-sweep/locate-issue";
import { newRow, parseValues, rowsToSpace, rowsToText } from "@/components/new-sweep/flat-space";
import { parseSettings } from "@/components/new-sweep/build-body";

const yaml = `lr:
  type: loguniform
  low: 0.0001
  high: 1
optimizer:
  type: choice
  options:
    - sgd
    - value: adam
      params:
        lr: {type: loguniform, low: 0, high: 1}
`;

describe("new sweep form helpers", () => {
  it("split issue paths into keys and indices", () => {
    expect(splitPath("space.optimizer.options[1].params.lr.low")).toEqual(["space", "optimizer", "options", 1, "params", "lr", "low"]);
  });

  it("find the editor line of an issue's path in YAML and JSON", () => {
    expect(locateIssueLine(yaml, "yaml", "space.optimizer.options[1].params.lr.low")).toBe(11);
    expect(locateIssueLine(yaml, "yaml", "space.lr.high")).toBe(4);
    const json = JSON.stringify({ a: { type: "uniform", low: 2, high: 1 } }, null, 2);
    expect(locateIssueLine(json, "json", "space.a.high")).toBe(5);
  });

  it("point at the line of a syntax error", () => {
    expect(syntaxErrorLine("a:\n  b: [1, 2\nc: 3\n", "yaml")).toBeGreaterThanOrEqual(2);
    expect(syntaxErrorLine('{\n  "a": 1,\n  "b": \n}', "json")).toBeGreaterThanOrEqual(3);
    expect(syntaxErrorLine("a: 1\n", "yaml")).toBeUndefined();
  });

  it("turn form rows into a space the engine accepts", () => {
    const rows = [newRow({ name: "lr", kind: "float", low: "1e-5", high: "0.1", log: true }), newRow({ name: "bs", kind: "categorical", values: "32, 64, true, relu" }), newRow({ name: "layers", kind: "int", low: "1", high: "6", step: "1" })];
    expect(parseValues("32, 64, true, relu")).toEqual([32, 64, true, "relu"]);
    const space = rowsToSpace(rows);
    expect(() => parseSpace(space)).not.toThrow();
    expect(rowsToText(rows, "yaml")).toContain("lr:");
    expect(JSON.parse(rowsToText(rows, "json"))).toEqual(space);
  });

  it("report unreadable sampler settings at their path", () => {
    expect(parseSettings('{"nStartupTrials": 5}', "sampler").settings).toEqual({ nStartupTrials: 5 });
    expect(parseSettings("{oops", "sampler").issue?.path).toBe("sampler");
  });
});

describe("jsonErrorOffset", () => {
  it("finds where JSON stops being valid", async () => {
    const { jsonErrorOffset } = await import("@/components/new-sweep/json-error-offset");
    expect(jsonErrorOffset('{"a": [1, 2.5e3, "x\\"y", true, null], "b": {}}')).toBe(-1);
    expect(jsonErrorOffset('{"a": 1,}')).toBe(8);
    expect(jsonErrorOffset('{"a": tru}')).toBe(6);
    expect(jsonErrorOffset('[1 2]')).toBe(3);
    expect(jsonErrorOffset('{"a": 1} x')).toBe(9);
  });
});
