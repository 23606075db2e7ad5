import { describe, expect, it } from "vitest";
import { axesFromSpace, axesFromTrials, axisValue, type TrialLike } from "@/lib/client/transforms/axes";
import { brushMask, createAxisScale, filterByBrushes } from "@/lib/client/transforms/parallel";
import { slicePoints } from "@/lib/client/transforms/slice";
import { mergeTrialColumns } from "@/lib/client/trial-store";
import { decodeView, encodeView, parseView } from "@/lib/client/view-state";
import { rowsFromColumns } from "@/components/trials/rows";
import { filterRows, numericExtents, setParamRange, sortRows, EMPTY_FILTERS } from "@/components/trials/table-model";
import { rowsToSpace, newRow } from "@/components/new-sweep/flat-space";
import { nestParams, renderCommand, trialEnv } from "@/lib/agent/params";
import type { TrialColumns } from "@/lib/schemas/ui";

// Parameter names that are Object.prototype members. On a plain object a missing "constructor" is a function
// (the dashboard crashed with "t.includes is not a function"), and "__proto__" assigned is a prototype.
const at = (o: object, key: string): unknown => Object.getOwnPropertyDescriptor(o, key)?.value;
const params = (entries: Array<[string, number | string]>) => Object.fromEntries(entries);

const space = Object.fromEntries([
  ["constructor", { type: "uniform", low: 0, high: 1 }],
  ["toString", { type: "categorical", values: ["a", "b"] }],
  ["__proto__", { type: "int", low: 1, high: 9 }],
  ["valueOf", { type: "choice", options: [{ value: "on", params: { hasOwnProperty: { type: "uniform", low: 0, high: 1 } } }, "off"] }],
]);

const trials: TrialLike[] = [
  { number: 0, value: 1, params: params([["constructor", 0.2], ["toString", "a"], ["__proto__", 3], ["valueOf", "on"], ["valueOf.on.hasOwnProperty", 0.5]]) },
  { number: 1, value: 2, params: params([["constructor", 0.8], ["toString", "b"], ["__proto__", 7], ["valueOf", "off"]]) },
];

describe("chart transforms with Object.prototype names", () => {
  it("read values as own properties: absent is undefined, never Object's member", () => {
    expect(axisValue(trials[0]!, { key: "__proto__" })).toBe(3);
    expect(axisValue(trials[1]!, { key: "valueOf.on.hasOwnProperty" })).toBeUndefined();
    expect(axisValue({ number: 2, value: 0, params: {} }, { key: "constructor" })).toBeUndefined();
    expect(axisValue({ number: 2, value: 0, params: {} }, { key: "toString" })).toBeUndefined();
  });

  it("build axes from the space and from the trials alone", () => {
    const fromSpace = axesFromSpace(space, trials).map((a) => [a.key, a.kind]);
    expect(fromSpace).toEqual([["constructor", "linear"], ["toString", "categorical"], ["__proto__", "linear"], ["valueOf", "categorical"], ["valueOf.on.hasOwnProperty", "linear"], ["__objective__", "linear"]]);
    const proto = axesFromSpace(space, trials).find((a) => a.key === "__proto__")!;
    expect(proto.domain).toEqual([1, 9]);
    const inferred = axesFromTrials(trials);
    expect(inferred.find((a) => a.key === "constructor")).toMatchObject({ kind: "linear", domain: [0.2, 0.8] });
    expect(inferred.find((a) => a.key === "valueOf.on.hasOwnProperty")).toMatchObject({ hasAbsent: true });
  });

  it("brush without crashing when a name has no brush (the t.includes crash)", () => {
    const axes = axesFromSpace(space, trials);
    expect([...brushMask(trials, axes, {})]).toEqual([1, 1]);
    const brushes = params([]) as Record<string, never>;
    Object.defineProperty(brushes, "__proto__", { value: [5, 9], enumerable: true });
    expect(filterByBrushes(trials, axes, brushes).map((t) => t.number)).toEqual([1]);
    expect(filterByBrushes(trials, axes, { toString: ["a"] }).map((t) => t.number)).toEqual([0]);
    const scale = createAxisScale(axes.find((a) => a.key === "toString")!, trials);
    expect(scale.position("b")).not.toBeNull();
  });

  it("slice a parameter named constructor", () => {
    const axis = axesFromSpace(space, trials).find((a) => a.key === "constructor")!;
    expect(slicePoints(trials, axis).points.map((p) => p.x)).toEqual([0.2, 0.8]);
  });
});

describe("live trials, table rows and view state with Object.prototype names", () => {
  const cols: TrialColumns = {
    id: [10, 11],
    number: [0, 1],
    state: ["complete", "running"],
    value: [1, null],
    startedAt: [null, null],
    completedAt: [null, null],
    error: [null, null],
    feasible: [null, null],
    lastIntermediate: [null, null],
    lastStep: [null, null],
    params: Object.fromEntries([
      ["constructor", [0.2, 0.8]],
      ["__proto__", [3, 7]],
      ["toString", ["a", null]],
    ]),
  };

  it("turn columns into trials and rows that keep every name", () => {
    const live = mergeTrialColumns(null, cols, 1);
    const t0 = live.get(10)!;
    expect(Object.keys(t0.params).sort()).toEqual(["__proto__", "constructor", "toString"]);
    expect(at(t0.params, "__proto__")).toBe(3);
    expect(Object.getPrototypeOf(t0.params)).toBe(Object.prototype);
    expect(Object.hasOwn(live.get(11)!.params, "toString")).toBe(false);
    const rows = rowsFromColumns(cols);
    expect(at(rows[1]!.params, "__proto__")).toBe(7);
    expect(numericExtents(rows, ["__proto__", "constructor", "toString"]).get("__proto__")).toEqual([3, 7]);
    expect(sortRows(rows, { key: "param:__proto__", dir: "desc" }).map((r) => r.id)).toEqual([11, 10]);
    const filtered = filterRows(rows, setParamRange(EMPTY_FILTERS, "__proto__", [5, null]));
    expect(filtered.map((r) => r.id)).toEqual([11]);
    expect(filterRows(rows, setParamRange(EMPTY_FILTERS, "constructor", [null, 0.5])).map((r) => r.id)).toEqual([10]);
  });

  it("carry brushes and ranges on such names through a link", () => {
    const raw = JSON.parse('{"brushes":{"__proto__":[1,2],"constructor":["a"]},"ranges":{"__proto__":[0,null],"valueOf":[null,1]}}');
    const view = parseView(raw);
    expect(at(view.brushes, "__proto__")).toEqual([1, 2]);
    expect(at(view.brushes, "constructor")).toEqual(["a"]);
    expect(at(view.ranges, "__proto__")).toEqual([0, null]);
    const back = decodeView(encodeView(view));
    expect(at(back.brushes, "__proto__")).toEqual([1, 2]);
    expect(at(back.ranges, "valueOf")).toEqual([null, 1]);
  });

  it("build a space from the form's rows with such names", () => {
    const built = rowsToSpace([newRow({ name: "__proto__", kind: "const", values: "3" }), newRow({ name: "constructor", kind: "categorical", values: "a, b" })]);
    expect(Object.keys(built)).toEqual(["__proto__", "constructor"]);
    expect(JSON.parse(JSON.stringify(built))).toEqual(Object.fromEntries([["__proto__", 3], ["constructor", { type: "categorical", values: ["a", "b"] }]]));
  });
});

describe("the agent's arguments, environment and nested params with Object.prototype names", () => {
  const trial = { id: 5, number: 2, params: params([["__proto__", 0.5], ["constructor", "x"], ["valueOf", "on"], ["valueOf.on.__proto__.polluted", 1]]) };

  it("nest without touching Object.prototype", () => {
    const nested = nestParams(trial.params);
    expect(at(nested, "__proto__")).toBe(0.5);
    expect(at(nested, "constructor")).toBe("x");
    const branch = at(nested, "valueOf") as Record<string, unknown>;
    expect(at(branch, "_value")).toBe("on");
    expect(at(at(at(branch, "on") as object, "__proto__") as object, "polluted")).toBe(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(nested)).toBe(Object.prototype);
  });

  it("render flags, placeholders and environment variables", () => {
    expect(renderCommand(["train"], trial.params, "args")).toEqual(["train", "--__proto__=0.5", "--constructor=x", "--valueOf=on", "--valueOf.on.__proto__.polluted=1"]);
    expect(renderCommand(["train", "${__proto__}", "${toString:-none}"], trial.params, "placeholders")).toEqual(["train", "0.5", "none"]);
    const env = trialEnv({ trial: trial as never, experimentId: 1, url: "http://x", paramsFile: "/tmp/p.json" });
    expect(env.SWEEPBOARD_PARAM___PROTO__).toBe("0.5");
    expect(env.SWEEPBOARD_PARAM_CONSTRUCTOR).toBe("x");
    expect(JSON.parse(env.SWEEPBOARD_PARAMS_JSON!)).toEqual(trial.params);
  });
});
