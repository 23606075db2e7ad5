import { describe, expect, it } from "vitest";
import { ABSENT, OBJECTIVE_KEY, axesFromSpace, axesFromTrials, axisValue, categoryKey, objectiveAxis, type TrialLike } from "@/lib/client/transforms/axes";

const space = {
  lr: { type: "loguniform", low: 1e-5, high: 1 },
  layers: { type: "int", low: 1, high: 8 },
  epochs: 10,
  optimizer: {
    type: "choice",
    options: ["none", { value: "adam", params: { beta1: { type: "uniform", low: 0.8, high: 0.999 } } }],
  },
};

const trials: TrialLike[] = [
  { number: 0, params: { lr: 1e-3, layers: 2, epochs: 10, optimizer: "none" }, value: 0.5 },
  { number: 1, params: { lr: 1e-2, layers: 4, epochs: 10, optimizer: "adam", "optimizer.adam.beta1": 0.9 }, value: 0.25 },
];

describe("axes", () => {
  it("builds axes from a search space: log, linear, categorical choice, conditional child, objective", () => {
    const axes = axesFromSpace(space, trials, "val_loss");
    expect(axes.map((a) => [a.key, a.kind, a.hasAbsent])).toEqual([
      ["lr", "log", false],
      ["layers", "linear", false],
      ["optimizer", "categorical", false],
      ["optimizer.adam.beta1", "linear", true],
      [OBJECTIVE_KEY, "linear", false],
    ]);
    expect(axes[0]!.domain).toEqual([1e-5, 1]);
    expect(axes[1]!.domain).toEqual([1, 8]);
    expect(axes[2]!.categories).toEqual(["none", "adam"]);
    expect(axes[4]).toMatchObject({ label: "val_loss", source: "objective", domain: [0.25, 0.5] });
  });

  it("infers axes from trials alone", () => {
    const axes = axesFromTrials(trials);
    expect(axes.map((a) => [a.key, a.kind, a.hasAbsent])).toEqual([
      ["epochs", "linear", false],
      ["layers", "linear", false],
      ["lr", "linear", false],
      ["optimizer", "categorical", false],
      ["optimizer.adam.beta1", "linear", true],
      [OBJECTIVE_KEY, "linear", false],
    ]);
    expect(axes[3]!.categories).toEqual(["adam", "none"]);
  });

  it("reads values, telling absent from null", () => {
    const t: TrialLike = { number: 0, params: { a: null }, value: 2 };
    expect(axisValue(t, { key: "a" })).toBeNull();
    expect(axisValue(t, { key: "b" })).toBeUndefined();
    expect(axisValue(t, { key: "anything", source: "objective" })).toBe(2);
    expect(categoryKey(undefined)).toBe(ABSENT);
    expect(categoryKey(null)).toBe("null");
    expect(categoryKey(false)).toBe("false");
  });

  it("objectiveAxis goes log only when asked and every value is positive", () => {
    expect(objectiveAxis(trials, "loss", true).kind).toBe("log");
    expect(objectiveAxis([...trials, { number: 2, params: {}, value: -1 }], "loss", true).kind).toBe("linear");
    expect(objectiveAxis([]).domain).toBeUndefined();
  });
});
