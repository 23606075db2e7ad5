import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "./support/server";

// `npm start` as users run it (scripts/start.mjs): it must stop the server it started when signalled, and
// refuse to start a second server on a SQLite file in use, in one clear line.
const dir = mkdtempSync(join(tmpdir(), "sweepboard-start-"));
const dbFile = join(dir, "start.db");
const started: ChildProcess[] = [];

function start(port: number): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ["scripts/start.mjs"], { env: { ...process.env, DATABASE_URL: `file:${dbFile}`, PORT: String(port), HOST: "127.0.0.1" }, stdio: ["ignore", "pipe", "pipe"] });
  started.push(child);
  let out = "";
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function answers(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/api/v1/openapi.json`)).ok;
  } catch {
    return false;
  }
}

async function until(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

afterAll(() => {
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

describe("npm start", () => {
  it("refuses a second server on the same database, and stops its server on SIGTERM", async () => {
    const port = await freePort();
    const first = start(port);
    expect(await until(() => answers(port), 90_000), first.output()).toBe(true);

    const second = start(await freePort());
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/another server \(pid \d+\) is serving .*start\.db/);
    expect(await answers(port)).toBe(true);

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(await until(async () => !(await answers(port)), 10_000)).toBe(true);
    expect(existsSync(`${dbFile}.server-lock`)).toBe(false);
  });
});
