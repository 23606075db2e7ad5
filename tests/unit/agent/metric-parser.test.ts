import { describe, expect, it } from "vitest";
import { StepCounter, parseKeyValueLine, regexLineParser } from "@/lib/agent/metric-parser";

describe("parseKeyValueLine", () => {
  it.each([
    ["loss=0.5", [{ name: "loss", value: 0.5 }]],
    ["step=3 loss=0.42 acc=0.9", [{ name: "loss", value: 0.42, step: 3 }, { name: "acc", value: 0.9, step: 3 }]],
    ["loss=0.42 step=3", [{ name: "loss", value: 0.42, step: 3 }]],
    ["epoch=3 val_loss=0.42", [{ name: "epoch", value: 3 }, { name: "val_loss", value: 0.42 }]],
    ["epoch 2: train/loss=1e-3, val.acc=.75;", [{ name: "train/loss", value: 0.001 }, { name: "val.acc", value: 0.75 }]],
    ["loss=-2.5E+2", [{ name: "loss", value: -250 }]],
    ["loss=nan acc=inf", [{ name: "loss", value: NaN }, { name: "acc", value: Infinity }]],
    ["model=svm lr=0.01abc a=b", []],
    ["x==1 path=/tmp/a=3", []],
    ["no metrics here", []],
    ["", []],
    // An invalid step is ignored (auto-step applies), not reported as a metric.
    ["step=-1 loss=1", [{ name: "loss", value: 1 }]],
    ["step=1.5 loss=1", [{ name: "loss", value: 1 }]],
  ])("%j", (line, expected) => {
    expect(parseKeyValueLine(line)).toEqual(expected);
  });

  it("skips names longer than the server accepts", () => {
    expect(parseKeyValueLine(`${"a".repeat(201)}=1 b=2`)).toEqual([{ name: "b", value: 2 }]);
  });
});

describe("regexLineParser", () => {
  it("reads name/value/step groups, several matches per line", () => {
    const parse = regexLineParser(/(?<name>\w+): (?<value>[\d.]+)(?: @(?<step>\d+))?/g, "loss");
    expect(parse("loss: 0.5 @7 acc: 0.9")).toEqual([{ name: "loss", value: 0.5, step: 7 }, { name: "acc", value: 0.9 }]);
  });

  it("uses the objective when there is no name group", () => {
    expect(regexLineParser(/val (?<value>\S+)/, "val_loss")("val 0.25")).toEqual([{ name: "val_loss", value: 0.25 }]);
  });

  it("treats other named groups as metrics", () => {
    const parse = regexLineParser(/Epoch (?<step>\d+).*loss (?<loss>\S+) acc (?<acc>\S+)/, "loss");
    expect(parse("Epoch 4 | loss 0.3 acc nan")).toEqual([{ name: "loss", value: 0.3, step: 4 }, { name: "acc", value: NaN, step: 4 }]);
    expect(parse("something else")).toEqual([]);
  });

  it("ignores values that are not numbers and does not loop on empty matches", () => {
    expect(regexLineParser(/(?<loss>\w*)/, "loss")("abc")).toEqual([]);
  });
});

describe("StepCounter", () => {
  it("counts per metric and follows explicit steps", () => {
    const counter = new StepCounter();
    const steps = [
      { name: "loss", value: 1 },
      { name: "acc", value: 1 },
      { name: "loss", value: 1 },
      { name: "loss", value: 1, step: 10 },
      { name: "loss", value: 1 },
    ].map((m) => counter.assign(m, 1_700_000_000.5).step);
    expect(steps).toEqual([0, 0, 1, 10, 11]);
    expect(counter.assign({ name: "acc", value: 2 }, 1_700_000_001.25)).toEqual({ name: "acc", step: 1, value: 2, wallTime: 1_700_000_001.25 });
  });
});
