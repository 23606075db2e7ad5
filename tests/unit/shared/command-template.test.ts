import { describe, expect, it } from "vitest";
import { commandIssues, renderTemplate, TemplateError } from "@/lib/shared/command-template";

const params = { lr: 0.01, opt: "adam", "opt.adam.beta": 0.9, fast: true, slow: false, none: null };
const ctx = { env: { HOME: "/home/u" }, argsJsonFile: "/tmp/args.json", style: "auto" as const };

describe("renderTemplate: W&B's macros and our placeholders", () => {
  it("expands ${args}, ${args_no_hyphens} and ${args_no_boolean_flags} into several arguments", () => {
    expect(renderTemplate(["${env}", "${interpreter}", "train.py", "${args}"], params, ctx)).toEqual([
      "/usr/bin/env", "python3", "train.py", "--lr=0.01", "--opt=adam", "--opt.adam.beta=0.9", "--fast=true", "--slow=false",
    ]);
    expect(renderTemplate(["t", "${args_no_hyphens}"], params, ctx)).toEqual(["t", "lr=0.01", "opt=adam", "opt.adam.beta=0.9", "fast=true", "slow=false"]);
    expect(renderTemplate(["t", "${args_no_boolean_flags}"], params, ctx)).toEqual(["t", "--lr=0.01", "--opt=adam", "--opt.adam.beta=0.9", "--fast"]);
  });

  it("gives ${args_json} as one argument and ${args_json_file} as the file's path, and reads ${envvar:NAME}", () => {
    const out = renderTemplate(["t", "--config=${args_json}", "${args_json_file}", "${envvar:HOME}/data"], { lr: 0.5 }, ctx);
    expect(out).toEqual(["t", '--config={"lr":0.5}', "/tmp/args.json", "/home/u/data"]);
    expect(() => renderTemplate(["t", "${envvar:MISSING}"], {}, ctx)).toThrow(/MISSING is not set on this machine/);
  });

  it("substitutes parameters with defaults, and appends --name=value to a command with no ${...}", () => {
    expect(renderTemplate(["t", "--lr", "${lr}", "${opt.sgd.momentum:-0}"], params, ctx)).toEqual(["t", "--lr", "0.01", "0"]);
    expect(renderTemplate(["t"], { lr: 1, x: null }, ctx)).toEqual(["t", "--lr=1"]);
    expect(() => renderTemplate(["t", "${depth}"], { lr: 1 }, ctx)).toThrow(TemplateError);
    expect(() => renderTemplate(["t", "--all=${args}"], { lr: 1 }, ctx)).toThrow(/must be a whole argument/);
  });
});

describe("commandIssues: what is wrong before any trial runs", () => {
  const names = ["lr", "opt", "opt.adam.beta"];
  it("accepts parameters, macros and defaults", () => {
    expect(commandIssues(["${env}", "${interpreter}", "train.py", "${args}", "--lr=${lr}", "${opt.adam.beta:-1}", "${logdir}", "${envvar:HOME}"], names, ["opt.adam.beta"])).toEqual([]);
  });
  it("names each problem with the argument's index", () => {
    expect(commandIssues(["t", "${lrr}", "x${args}", "${opt.adam.beta}", "", "${envvar:}"], names, ["opt.adam.beta"])).toEqual([
      { index: 1, message: expect.stringContaining("${lrr} is neither a parameter of the space (lr, opt, opt.adam.beta) nor a macro") },
      { index: 2, message: expect.stringContaining("must be a whole argument") },
      { index: 3, message: expect.stringContaining("write ${opt.adam.beta:-default}") },
      { index: 4, message: "must not be empty" },
      { index: 5, message: expect.stringContaining("must name an environment variable") },
    ]);
    expect(commandIssues([], names)).toEqual([{ index: 0, message: "must name a program to run" }]);
  });
});
