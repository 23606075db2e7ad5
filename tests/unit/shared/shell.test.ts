import { describe, expect, it } from "vitest";
import { shellJoin, shellSplit, ShellSplitError } from "@/lib/shared/shell";

describe("shell lines", () => {
  it("splits as a POSIX shell does, expanding nothing", () => {
    expect(shellSplit("python3 train.py ${args}")).toEqual(["python3", "train.py", "${args}"]);
    expect(shellSplit("  python3\ttrain.py  --lr '${lr}'  ")).toEqual(["python3", "train.py", "--lr", "${lr}"]);
    expect(shellSplit(`echo "a b" 'c "d"' e\\ f "x\\"y\\$z\\q"`)).toEqual(["echo", "a b", 'c "d"', "e f", 'x"y$z\\q']);
    expect(shellSplit(`--name='' "" x`)).toEqual(["--name=", "", "x"]);
    expect(shellSplit("python3 train.py \\\n  --epochs 3")).toEqual(["python3", "train.py", "--epochs", "3"]);
    expect(shellSplit("")).toEqual([]);
  });

  it("reads back what shellJoin wrote", () => {
    const cases = [["python3", "train.py", "${args}"], ["a b", "it's", "", "$HOME", "x\ny", "--flag=\"q\"", "\\"], ["${env}", "node", "-e", "console.log('hi')"]];
    for (const args of cases) expect(shellSplit(shellJoin(args))).toEqual(args);
  });

  it("names an unclosed quote or a trailing backslash", () => {
    expect(() => shellSplit("python3 'train.py")).toThrow(new ShellSplitError("the single quote at character 9 is never closed"));
    expect(() => shellSplit('echo "x')).toThrow(/double quote at character 6 is never closed/);
    expect(() => shellSplit("echo x\\")).toThrow(/ends with a backslash/);
  });
});
