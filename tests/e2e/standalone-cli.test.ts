// The standalone CLI the server serves at /sweepboard.mjs: fetched into an empty folder and run with plain Node,
// nothing installed, it runs a sweep to its budget; a copy from another build says it should be updated.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApp, type AppServer } from "./support/server";

let app: AppServer;
let dir = "";
beforeAll(async () => {
  app = await startApp();
  dir = mkdtempSync(join(tmpdir(), "sweepboard-standalone-"));
});
afterAll(async () => {
  await app?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string; err: string }> {
  // A clean environment: no NODE_PATH, no npm, the empty folder as the working directory.
  const child = spawn(process.execPath, args, { cwd: dir, env: { PATH: process.env.PATH ?? "", HOME: dir, NODE_ENV: "production", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, out, err })));
}

describe("the standalone CLI", () => {
  it("runs a sweep from an empty folder with only Node, and an outdated copy says how to update", async () => {
    const headers = { authorization: `Bearer ${app.token}`, "content-type": "application/json" };
    const created = await (await fetch(`${app.url}/api/v1/experiments`, { method: "POST", headers, body: JSON.stringify({ name: "standalone", space: { x: { type: "uniform", low: 0, high: 1 } }, objective: { metric: "loss" }, sampler: "random", maxTrials: 3 }) })).json();
    const id = created.experiment.id as number;

    const served = await fetch(`${app.url}/sweepboard.mjs`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toMatch(/javascript/);
    const build = served.headers.get("x-sweepboard-build") ?? "";
    expect(build).toMatch(/^[0-9a-f]{12}$/);
    const code = Buffer.from(await served.arrayBuffer());
    writeFileSync(join(dir, "sweepboard.mjs"), code);
    writeFileSync(join(dir, "train.js"), "const x = Number(process.argv.find((a) => a.startsWith('--x=')).slice(4)); for (let s = 0; s < 3; s++) console.log(`step=${s} loss=${(x - 0.5) ** 2 + 1 / (s + 1)}`); console.log(`loss=${(x - 0.5) ** 2}`);");

    const version = await run(["sweepboard.mjs", "--version"], {});
    expect(version.out).toBe(`sweepboard 0.1.0 (build ${build})\n`);

    const agent = await run(["sweepboard.mjs", "agent", String(id), "--", process.execPath, "train.js"], { SWEEPBOARD_URL: app.url, SWEEPBOARD_TOKEN: app.token });
    expect(agent.code, agent.err).toBe(0);
    expect(agent.err).not.toMatch(/update it/);
    const trials = (await (await fetch(`${app.url}/api/v1/experiments/${id}/trials`, { headers })).json()).trials as Array<{ id: number; state: string }>;
    expect(trials.map((t) => t.state)).toEqual(["complete", "complete", "complete"]);
    // The bundle sends each trial's command line and output too.
    const output = await (await fetch(`${app.url}/api/v1/trials/${trials[0]!.id}/output`, { headers })).json();
    expect(output.command).toMatchObject({ argv: [process.execPath, "train.js", expect.stringMatching(/^--x=/)], cwd: dir });
    expect(output.lines.map((l: { text: string }) => l.text)).toEqual([expect.stringMatching(/^step=0 loss=/), expect.stringMatching(/^step=1 /), expect.stringMatching(/^step=2 /), expect.stringMatching(/^loss=/)]);

    // A copy of another build (its id changed) is told to update, and still runs.
    writeFileSync(join(dir, "old.mjs"), readFileSync(join(dir, "sweepboard.mjs"), "utf8").replaceAll(`"${build}"`, '"000000000000"'));
    const old = await run(["old.mjs", "agent", String(id), "--", process.execPath, "train.js"], { SWEEPBOARD_URL: app.url, SWEEPBOARD_TOKEN: app.token });
    expect(old.err).toContain(`this sweepboard.mjs (build 000000000000) is not the server's (build ${build}): update it with  curl -fsSO ${app.url}/sweepboard.mjs`);
    expect(old.code).toBe(0);
  }, 120_000);
});
