import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../..", import.meta.url));

function train(...args: string[]) {
  const result = spawnSync(process.execPath, ["examples/train_digits.mjs", ...args], { cwd: root, encoding: "utf8", timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const EPOCH_LINE = /^epoch=(\d+) step=(\d+) train_loss=(\S+) val_loss=(\S+) val_acc=(\S+)$/;

function epochs(stdout: string) {
  return stdout
    .trim()
    .split("\n")
    .map((line) => {
      const match = EPOCH_LINE.exec(line);
      expect(match, `not an epoch line: ${line}`).not.toBeNull();
      const [, epoch, step, trainLoss, valLoss, valAcc] = match!;
      return { epoch: Number(epoch), step: Number(step), trainLoss: Number(trainLoss), valLoss: Number(valLoss), valAcc: Number(valAcc) };
    });
}

const SMALL = ["--epochs=2", "--lr=0.05", "--hidden=16", "--optimizer=sgd", "--batch_size=32"];

// Each case starts a few short trainings (about 0.2 s of CPU each); generous for a busy CI machine.
describe("examples/train_digits.mjs", { timeout: 30_000 }, () => {
  it("prints one metrics line per epoch, with a finite validation loss that goes down", () => {
    const { code, stdout, stderr } = train(...SMALL);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = epochs(stdout);
    expect(lines.map((l) => [l.epoch, l.step])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    for (const l of lines) {
      expect(Number.isFinite(l.trainLoss) && Number.isFinite(l.valLoss)).toBe(true);
      // Guessing uniformly among 10 digits costs ln 10 = 2.30; one epoch of SGD must already beat it.
      expect(l.valLoss).toBeGreaterThan(0);
      expect(l.valLoss).toBeLessThan(Math.log(10));
      expect(l.valAcc).toBeGreaterThanOrEqual(0);
      expect(l.valAcc).toBeLessThanOrEqual(1);
    }
    expect(lines[1]!.valLoss).toBeLessThan(lines[0]!.valLoss);
    expect(lines[1]!.valAcc).toBeGreaterThan(0.5);
  });

  it("is deterministic for a seed, and the seed matters", () => {
    const first = train(...SMALL, "--seed=3");
    const again = train(...SMALL, "--seed=3");
    const other = train(...SMALL, "--seed=4");
    expect(again.stdout).toBe(first.stdout);
    expect(other.stdout).not.toBe(first.stdout);
  });

  it("takes nested optimizer parameters the way the agent passes them", () => {
    const { code, stdout } = train("--epochs=1", "--hidden=16", "--augment=0", "--optimizer=adam", "--optimizer.adam.beta1=0.85", "--optimizer.adam.beta2=0.995", "--lr=0.01");
    expect(code).toBe(0);
    expect(epochs(stdout)).toHaveLength(1);
  });

  it("exits 2 with a message naming an unknown argument", () => {
    const { code, stdout, stderr } = train(...SMALL, "--learning_rate=0.1");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain('unknown argument "--learning_rate"');
    expect(stderr).toContain("--lr");
  });

  it("exits 2 on a bad value or a parameter of another optimizer", () => {
    const bad = train("--lr=fast");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--lr=fast: must be a number > 0");
    const mismatch = train("--optimizer=sgd", "--optimizer.adam.beta1=0.9");
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain("--optimizer.adam.beta1 applies only with --optimizer=adam");
  });

  it("reports a diverging run as val_loss=nan and exits 1", () => {
    const { code, stdout, stderr } = train("--epochs=3", "--hidden=16", "--augment=0", "--optimizer=sgd", "--activation=tanh", "--lr=5");
    expect(code).toBe(1);
    expect(stdout.trim().split("\n").at(-1)).toMatch(/ val_loss=nan /);
    expect(stderr).toContain("diverged");
  });
});
