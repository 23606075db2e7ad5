import { describe, expect, it } from "vitest";
import { nestParams, paramEnvName, paramsFileContent, PlaceholderError, renderCommand, trialEnv } from "@/lib/agent/params";

const params = { lr: 0.01, model: "svm", "model.svm.C": 2, fast: true, tag: null };

describe("renderCommand", () => {
  it("appends --name=value in args style, dotted names kept, nulls left out", () => {
    expect(renderCommand(["python", "train.py"], params, "auto")).toEqual(["python", "train.py", "--lr=0.01", "--model=svm", "--model.svm.C=2", "--fast=true"]);
    expect(renderCommand(["t"], { lr: 1e-7 }, "args")).toEqual(["t", "--lr=1e-7"]);
  });

  it("substitutes placeholders and appends nothing", () => {
    expect(renderCommand(["train", "--lr", "${lr}", "--c=${model.svm.C}", "${missing:-5}", "${tag}"], params, "auto")).toEqual(["train", "--lr", "0.01", "--c=2", "5", ""]);
  });

  it("leaves placeholders alone in args style", () => {
    expect(renderCommand(["echo", "${lr}"], { lr: 1 }, "args")).toEqual(["echo", "${lr}", "--lr=1"]);
  });

  it("refuses a placeholder for a parameter the trial lacks, naming the fix", () => {
    expect(() => renderCommand(["t", "${model.rf.depth}"], params, "placeholders")).toThrow(PlaceholderError);
    expect(() => renderCommand(["t", "${model.rf.depth}"], params, "placeholders")).toThrow("${model.rf.depth:-default}");
  });
});

describe("environment and params file", () => {
  it("names env variables after the parameter path", () => {
    expect(paramEnvName("optimizer.adam.lr")).toBe("SWEEPBOARD_PARAM_OPTIMIZER_ADAM_LR");
    expect(paramEnvName("batch-size")).toBe("SWEEPBOARD_PARAM_BATCH_SIZE");
  });

  it("passes trial identity, params and connection", () => {
    const env = trialEnv({ trial: { id: 12, number: 3, params }, experimentId: 5, url: "http://h", token: "sb_t", paramsFile: "/tmp/p.json" });
    expect(env).toEqual({
      SWEEPBOARD_URL: "http://h",
      SWEEPBOARD_TOKEN: "sb_t",
      SWEEPBOARD_EXPERIMENT_ID: "5",
      SWEEPBOARD_TRIAL_ID: "12",
      SWEEPBOARD_TRIAL_NUMBER: "3",
      SWEEPBOARD_PARAMS_JSON: JSON.stringify(params),
      SWEEPBOARD_PARAMS_FILE: "/tmp/p.json",
      SWEEPBOARD_PARAM_LR: "0.01",
      SWEEPBOARD_PARAM_MODEL: "svm",
      SWEEPBOARD_PARAM_MODEL_SVM_C: "2",
      SWEEPBOARD_PARAM_FAST: "true",
      SWEEPBOARD_PARAM_TAG: "",
    });
    expect(trialEnv({ trial: { id: 1, number: 0, params: {} }, experimentId: 5, url: "u", paramsFile: "f" })).not.toHaveProperty("SWEEPBOARD_TOKEN");
  });

  it("nests dotted names, moving a choice's own value to _value", () => {
    expect(nestParams({ "optimizer.adam.lr": 0.1, optimizer: "adam", "optimizer.adam.beta1": 0.9, epochs: 3 })).toEqual({ optimizer: { _value: "adam", adam: { lr: 0.1, beta1: 0.9 } }, epochs: 3 });
    expect(nestParams({ "a.b": 1, "a.c.d": 2 })).toEqual({ a: { b: 1, c: { d: 2 } } });
  });

  it("writes flat and nested params with the trial identity", () => {
    expect(JSON.parse(paramsFileContent({ id: 12, number: 3, params: { lr: 0.1, "m.x": 1, m: "x" } }, 5))).toEqual({
      experimentId: 5,
      trialId: 12,
      trialNumber: 3,
      params: { lr: 0.1, "m.x": 1, m: "x" },
      nested: { lr: 0.1, m: { _value: "x", x: 1 } },
    });
  });
});
