import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAgentArgs, UsageError } from "@/lib/agent/args";
import { runCli } from "@/lib/cli/commands";

const options = (argv: string[], env: Record<string, string> = {}) => {
  const parsed = parseAgentArgs(argv, env);
  if (parsed.help) throw new Error("unexpected help");
  return parsed.options;
};

describe("parseAgentArgs", () => {
  it("applies defaults", () => {
    expect(options(["7", "--", "python", "train.py"])).toEqual({
      experimentId: 7,
      command: ["python", "train.py"],
      url: "http://127.0.0.1:3000",
      token: undefined,
      parallel: 1,
      count: undefined,
      metricRegex: undefined,
      paramStyle: "auto",
      heartbeatSec: 10,
      timeoutSec: undefined,
      giveUpAfterSec: undefined,
      quiet: false,
      tensorboard: false,
      metricsFile: undefined,
      logdirRoot: join(tmpdir(), "sweepboard-logs"),
    });
  });

  it("reads the metric-file flags, and refuses one fixed metrics file for parallel trials", () => {
    expect(options(["7", "--tensorboard", "--metrics-file", "${logdir}/m.csv", "--logdir-root", "/runs", "--parallel", "2", "--", "a"])).toMatchObject({ tensorboard: true, metricsFile: "${logdir}/m.csv", logdirRoot: "/runs" });
    expect(options(["7", "--", "a"], { SWEEPBOARD_LOGDIR_ROOT: "/env-runs" })).toMatchObject({ logdirRoot: "/env-runs" });
    expect(() => options(["7", "--metrics-file", "m.jsonl", "--parallel", "2", "--", "a"])).toThrow(/must contain \$\{logdir\}/);
    expect(() => options(["7", "--metrics-file", " ", "--", "a"])).toThrow(/needs a path/);
  });

  it("reads every flag, and env for url/token", () => {
    const o = options(["7", "--parallel", "4", "--count=10", "--metric-regex", "(?<loss>\\S+)", "--param-style", "args", "--heartbeat", "2.5", "--timeout", "60", "--give-up-after", "90", "--quiet", "--", "./train", "--epochs", "3"], { SWEEPBOARD_URL: "http://h:1/", SWEEPBOARD_TOKEN: "sb_x" });
    expect(o).toMatchObject({ parallel: 4, count: 10, paramStyle: "args", heartbeatSec: 2.5, timeoutSec: 60, giveUpAfterSec: 90, quiet: true, url: "http://h:1", token: "sb_x", command: ["./train", "--epochs", "3"] });
    expect(o.metricRegex?.source).toBe("(?<loss>\\S+)");
    expect(options(["7", "--url", "https://x", "--token", "t", "--", "a"], { SWEEPBOARD_URL: "http://h", SWEEPBOARD_TOKEN: "e" })).toMatchObject({ url: "https://x", token: "t" });
  });

  it("takes the command from the second positional when -- is missing, leaving its flags alone", () => {
    expect(options(["7", "--parallel", "2", "python", "train.py", "--lr", "1"])).toMatchObject({ parallel: 2, command: ["python", "train.py", "--lr", "1"] });
  });

  it("leaves the command empty without one: the agent then runs the sweep's stored command", () => {
    expect(options(["7"])).toMatchObject({ experimentId: 7, command: [] });
    expect(options(["7", "--parallel", "2", "--"])).toMatchObject({ parallel: 2, command: [] });
  });

  it("answers --help", () => {
    expect(parseAgentArgs(["--help"])).toEqual({ help: true });
  });

  it.each([
    [["--", "x"], "missing <experiment-id>"],
    [["abc", "--", "x"], '<experiment-id> must be a positive integer, got "abc"'],
    [["7", "--parallel", "0", "--", "x"], '--parallel must be a positive integer, got "0"'],
    [["7", "--parallel", "1.5", "--", "x"], "--parallel must be a positive integer"],
    [["7", "--count", "-3", "--", "x"], "--count"],
    [["7", "--timeout", "soon", "--", "x"], '--timeout must be a positive number of seconds, got "soon"'],
    [["7", "--heartbeat", "0", "--", "x"], "--heartbeat must be a positive number"],
    [["7", "--give-up-after", "never", "--", "x"], '--give-up-after must be a positive number of seconds, got "never"'],
    [["7", "--url", "ftp://x", "--", "x"], "--url must be an http(s) URL"],
    [["7", "--url", "nope", "--", "x"], "--url must be an http(s) URL"],
    [["7", "--param-style", "env", "--", "x"], "--param-style must be auto, args or placeholders"],
    [["7", "--param-style", "placeholders", "--", "x"], "needs ${name} placeholders"],
    [["7", "--metric-regex", "(", "--", "x"], "--metric-regex is not a valid regular expression"],
    [["7", "--metric-regex", "loss (\\S+)", "--", "x"], "--metric-regex needs named groups"],
    [["7", "--metric-regex", "(?<name>\\w+)", "--", "x"], "no (?<value>...) group"],
    [["7", "--bogus", "--", "x"], "Unknown option '--bogus'"],
    [["7", "--parallel", "--", "x"], "--parallel"],
    [["7", "--parallel", "-1", "--", "x"], '--parallel needs a value (write --parallel=VALUE for one starting with "-")'],
    [["7", "--parallel=-1", "--", "x"], '--parallel must be a positive integer, got "-1"'],
  ])("%j is a usage error", (argv, message) => {
    expect(() => parseAgentArgs(argv)).toThrow(UsageError);
    expect(() => parseAgentArgs(argv)).toThrow(message);
    expect(() => parseAgentArgs(argv)).not.toThrow(/\n/);
  });
});

describe("runCli", () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, env: {} } };
  };

  it("prints one line and exits 2 on bad usage", async () => {
    const t = io();
    expect(await runCli(["agent", "1", "--parallel", "x", "--", "true"], t.io)).toBe(2);
    expect(t.err).toEqual(['sweepboard: --parallel must be a positive integer, got "x"\n']);
  });

  it("rejects an unknown subcommand and shows usage without one", async () => {
    const t = io();
    expect(await runCli(["nope"], t.io)).toBe(2);
    expect(t.err.join("")).toContain('unknown command "nope"');
    expect(await runCli([], t.io)).toBe(2);
    expect(t.err.join("")).toContain("Usage: sweepboard <command>");
  });

  it("prints the agent help on stdout", async () => {
    const t = io();
    expect(await runCli(["agent", "-h"], t.io)).toBe(0);
    expect(t.out.join("")).toContain("--param-style STYLE");
  });
});
