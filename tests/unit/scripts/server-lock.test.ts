import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireServerLock } from "@/scripts/server-lock.mjs";

const dirs: string[] = [];
function dbFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "sweepboard-lock-"));
  dirs.push(dir);
  return join(dir, "x.db");
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("the one-server-per-SQLite-file lock", () => {
  it("is held by the first server; a second is told which pid holds it", () => {
    const file = dbFile();
    const first = acquireServerLock(file);
    expect("release" in first).toBe(true);
    expect(readFileSync(`${file}.server-lock`, "utf8")).toBe(String(process.pid));
    // Another live process's lock (the parent of this test runner is alive):
    writeFileSync(`${file}.server-lock`, String(process.ppid));
    expect(acquireServerLock(file)).toEqual({ heldBy: process.ppid, path: `${file}.server-lock` });
  });

  it("takes over the lock of a server that died, and releases it", () => {
    const file = dbFile();
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    writeFileSync(`${file}.server-lock`, dead.stdout);
    const lock = acquireServerLock(file);
    expect("release" in lock).toBe(true);
    if ("release" in lock) lock.release?.();
    expect(existsSync(`${file}.server-lock`)).toBe(false);
  });
});
