import { describe, expect, it } from "vitest";
import { parseWorkerArgs, splitGpus, UsageError } from "@/lib/agent/args";

const parse = (argv: string[], env: Record<string, string> = {}) => {
  const parsed = parseWorkerArgs(argv, env, "box");
  if (parsed.help) throw new Error("help");
  return parsed.options;
};

describe("sweepboard worker's arguments", () => {
  it("defaults to one slot named after the host, GPUs left alone", () => {
    expect(parse([], { SWEEPBOARD_URL: "http://s:3000", SWEEPBOARD_TOKEN: "sb_t" })).toMatchObject({ slots: 1, name: "box", gpus: undefined, agent: { url: "http://s:3000", token: "sb_t", command: [] } });
  });

  it("gives each slot its share of --gpus as CUDA_VISIBLE_DEVICES", () => {
    expect(parse(["--gpus", "0,1"])).toMatchObject({ slots: 2, gpus: ["0", "1"] });
    expect(parse(["--gpus", "0,1,2,3", "--slots", "2"])).toMatchObject({ slots: 2, gpus: ["0,1", "2,3"] });
    expect(splitGpus(["0", "1", "2"], 2)).toEqual(["0,1", "2"]);
    expect(splitGpus(["0", "1"], 4)).toEqual(["0", "1", "0", "1"]);
    expect(splitGpus(["GPU-8f3a", "MIG-1"], 1)).toEqual(["GPU-8f3a,MIG-1"]);
  });

  it("passes the agent's run options to every slot", () => {
    expect(parse(["--slots", "3", "--timeout", "60", "--tensorboard", "--name", "gpu-7", "--exit-when-idle", "30", "--cwd", "/work"])).toMatchObject({
      slots: 3, name: "gpu-7", exitWhenIdleSec: 30, cwd: "/work", agent: { timeoutSec: 60, tensorboard: true },
    });
    expect(parseWorkerArgs(["--help"])).toEqual({ help: true });
  });

  it.each([
    [["--slots", "0"], '--slots must be a positive integer, got "0"'],
    [["--gpus", "0,,1"], "--gpus must be GPU ids separated by commas"],
    [["--gpus", "0;rm"], "--gpus must be GPU ids"],
    [["--gpus", "0,0"], "--gpus names a GPU twice"],
    [["--name", ""], "--name must be 1 to 200 printable characters"],
    [["--exit-when-idle", "soon"], "--exit-when-idle must be a positive number of seconds"],
    [["--parallel", "2"], "Unknown option '--parallel'"],
    [["python", "train.py"], 'unexpected argument "python"'],
    [["--slots", "2", "--metrics-file", "m.jsonl"], "must contain ${logdir}"],
  ])("refuses %j in one line", (argv, message) => {
    expect(() => parse(argv)).toThrow(UsageError);
    expect(() => parse(argv)).toThrow(message);
  });
});
