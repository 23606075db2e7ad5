import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient } from "./support/api";
import { serverErrorLines, startAgent, type AgentProcess } from "./support/agents";
import { startApp, startPgDatabase, type AppServer, type PgDatabase } from "./support/server";

// A team's server: two instances of the built server on one PostgreSQL database, real agents split across
// them. The stale-trial check runs every second so that a dead instance's trials are failed soon after their
// grace period (30 s, the least a sweep may ask for).
const GRACE_SEC = 30;
const STALE_CHECK_MS = 1_000;

let db: PgDatabase;
let a: AppServer;
let b: AppServer;
let sql: pg.Client;
const agents: AgentProcess[] = [];

beforeAll(async () => {
  db = await startPgDatabase("sweepboard_team");
  const env = { DATABASE_URL: db.url, SWEEPBOARD_STALE_CHECK_MS: String(STALE_CHECK_MS) };
  // Both at once: their migrations take PostgreSQL's advisory lock in turn, the second finds nothing to do.
  [a, b] = await Promise.all([startApp(env), startApp(env)]);
  sql = new pg.Client({ connectionString: db.url });
  await sql.connect();
});

afterAll(async () => {
  for (const agent of agents) if (agent.child.exitCode === null) agent.child.kill("SIGKILL");
  await sql?.end();
  await a?.stop();
  await b?.stop();
  db?.stop();
});

interface TrialRow {
  id: number;
  number: number;
  state: string;
  retryOfId: number | null;
  error: string | null;
  points: number;
  steps: number[];
}

async function trialRows(experimentId: number): Promise<TrialRow[]> {
  const { rows } = await sql.query(
    `SELECT t.id, t.number, t.state, t."retryOfId", t.error,
            COUNT(m.step)::int AS points, COALESCE(array_agg(m.step ORDER BY m.step) FILTER (WHERE m.step IS NOT NULL), '{}') AS steps
       FROM "Trial" t LEFT JOIN "MetricPoint" m ON m."trialId" = t.id AND m.name = 'loss'
      WHERE t."experimentId" = $1 GROUP BY t.id ORDER BY t.number`,
    [experimentId],
  );
  return rows as TrialRow[];
}

/** Running trials of the sweep and how long each has been silent (its last heartbeat, report or start). */
async function runningSilence(experimentId: number): Promise<Array<{ id: number; silentSec: number }>> {
  const { rows } = await sql.query(
    `SELECT id, EXTRACT(EPOCH FROM (now() AT TIME ZONE 'UTC' - COALESCE("heartbeatAt", "startedAt", "createdAt")))::float AS "silentSec"
       FROM "Trial" WHERE "experimentId" = $1 AND state = 'running'`,
    [experimentId],
  );
  return rows as Array<{ id: number; silentSec: number }>;
}

/** Numbers of the trials an agent started, from its output (`[w1] trial 7 started x=...`). */
function startedNumbers(output: string): number[] {
  return [...output.matchAll(/\[w\d+\] trial (\d+) started/g)].map((m) => Number(m[1]));
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sweep(api: ReturnType<typeof apiClient>, name: string, extra: Record<string, unknown>): Promise<number> {
  const { experiment } = await api.post("/experiments", { name, space: { x: { type: "uniform", low: 0, high: 4 } }, objective: { metric: "loss" }, sampler: "random", ...extra });
  return experiment.id as number;
}

function agentOn(app: AppServer, experimentId: number, steps: number, delayMs: number): AgentProcess {
  const agent = startAgent({ url: app.url, token: app.token, experimentId, agentArgs: ["--parallel", "2", "--heartbeat", "2"], fakeTrain: [`--steps=${steps}`, `--delay=${delayMs}`] });
  agents.push(agent);
  return agent;
}

describe("two instances on one PostgreSQL database", () => {
  it("agents split across them hand out dense unique numbers, hold the budget and store every point", async () => {
    const api = apiClient(a.url, a.token);
    const steps = 10;
    const id = await sweep(api, "team", { maxTrials: 60 });
    const runs = [agentOn(a, id, steps, 2), agentOn(b, id, steps, 2), agentOn(a, id, steps, 2), agentOn(b, id, steps, 2)];
    const results = await Promise.all(runs.map((r) => r.exited));
    for (const r of results) expect(r.code, r.output).toBe(0);

    const trials = await trialRows(id);
    expect(trials.map((t) => t.number)).toEqual(range(60));
    expect(trials.every((t) => t.state === "complete")).toBe(true);
    for (const t of trials) expect(t.steps, `trial #${t.number}`).toEqual(range(steps));
    // Both instances served the sweep: each agent ran trials.
    const byAgent = results.map((r) => startedNumbers(r.output).length);
    expect(byAgent.every((n) => n > 0), byAgent.join(",")).toBe(true);
    expect((await apiClient(b.url, b.token).get(`/experiments/${id}`)).experiment.status).toBe("completed");
    expect(serverErrorLines(results.map((r) => r.output).join("\n") + a.log() + b.log())).toEqual([]);
  });

  it("kill -9 of one instance: its agents ride out the outage, the other carries on and fails the dead trials, nothing acknowledged is lost", async () => {
    const api = apiClient(b.url, b.token);
    const steps = 25;
    const budget = 40;
    const id = await sweep(api, "team kill", { maxTrials: budget, heartbeatGraceSec: GRACE_SEC, maxRetries: 2 });

    // A plain client reporting batches to a trial through instance A as fast as it can, counting what A acknowledged.
    const side = await sweep(api, "team kill: reporter", {});
    const { trial: reported } = await api.post(`/experiments/${side}/trials`);
    let acked = 0;
    const statuses: number[] = [];
    let reporting = true;
    const reporter = (async () => {
      for (let batch = 0; reporting; batch++) {
        const points = range(200).map((i) => ({ name: "loss", step: batch * 200 + i, value: i }));
        try {
          const res = await fetch(`${a.url}/api/v1/trials/${reported.id}/metrics`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${a.token}` }, body: JSON.stringify({ points }) });
          statuses.push(res.status);
          await res.json();
          if (res.status !== 200) break;
          acked = (batch + 1) * 200;
        } catch {
          break; // instance A is gone
        }
      }
    })();

    const onA = [agentOn(a, id, steps, 100), agentOn(a, id, steps, 100)];
    const onB = [agentOn(b, id, steps, 100), agentOn(b, id, steps, 100)];
    // Kill A once its agents are training and a few trials are done.
    for (const deadline = Date.now() + 60_000; ; await sleep(200)) {
      const done = (await trialRows(id)).filter((t) => t.state === "complete").length;
      if (done >= 4 && onA.every((r) => /started/.test(r.output()))) break;
      if (Date.now() > deadline) throw new Error(`the sweep did not get going:\n${onA[0]!.output()}`);
    }
    await a.kill("SIGKILL");
    const killedAt = Date.now();
    reporting = false;
    await reporter;
    expect(acked).toBeGreaterThan(0);

    // Every point A acknowledged is in the database.
    const { rows } = await sql.query(`SELECT COUNT(*)::int AS n, COUNT(DISTINCT step)::int AS d FROM "MetricPoint" WHERE "trialId" = $1 AND step < $2`, [reported.id, acked]);
    expect(rows[0]).toEqual({ n: acked, d: acked });

    // A's agents' running trials: nobody heartbeats them now. B's stale check fails each one once its grace
    // period is over, while B's agents carry on (complete trials keep coming).
    // They are the running trials silent since the kill (B's agents beat every 2 s); one whose ask A answered as
    // it died is among them, though no agent printed it.
    await sleep(6_000);
    const orphans = (await runningSilence(id)).filter((t) => t.silentSec * 1000 >= Date.now() - killedAt - 1_000).map((t) => t.id);
    const orphanNumbers = (await trialRows(id)).filter((t) => orphans.includes(t.id)).map((t) => t.number);
    expect(orphanNumbers.some((n) => onA.some((r) => startedNumbers(r.output()).includes(n)))).toBe(true);
    expect(orphanNumbers.filter((n) => onB.some((r) => startedNumbers(r.output()).includes(n)))).toEqual([]);
    expect(orphans.length).toBeGreaterThan(0);
    const completeAtKill = (await trialRows(id)).filter((t) => t.state === "complete").length;
    let longestSilence = 0;
    for (;;) {
      for (const t of await runningSilence(id)) longestSilence = Math.max(longestSilence, t.silentSec);
      const states = (await trialRows(id)).filter((t) => orphans.includes(t.id));
      if (states.every((t) => t.state !== "running")) break;
      if (Date.now() - killedAt > (GRACE_SEC + 20) * 1000) throw new Error(`A's trials still running ${GRACE_SEC + 20} s after the kill: ${JSON.stringify(states)}`);
      await sleep(500);
    }
    // No trial stayed running much past its grace period (the check runs every second, this loop every half).
    expect(longestSilence).toBeLessThan(GRACE_SEC + 4);
    const afterOutage = await trialRows(id);
    for (const t of afterOutage.filter((x) => orphans.includes(x.id))) {
      expect(t.state).toBe("failed");
      expect(t.error).toMatch(/presumed dead/);
    }
    expect(afterOutage.filter((t) => t.state === "complete").length).toBeGreaterThan(completeAtKill);

    // A comes back on its port: its agents deliver what they held and finish the sweep with B's.
    await a.restart();
    const results = await Promise.all([...onA, ...onB].map((r) => r.exited));
    for (const r of results) expect(r.code, r.output).toBe(0);
    for (const r of results.slice(0, 2)) {
      expect(r.output).toMatch(/does not answer/);
      expect(r.output).toMatch(/answers again/);
    }

    const trials = await trialRows(id);
    // Dense unique numbers over every trial (retries too); the budget counts originals only.
    expect(trials.map((t) => t.number)).toEqual(range(trials.length));
    expect(trials.filter((t) => t.retryOfId === null)).toHaveLength(budget);
    expect(trials.filter((t) => t.state === "running" || t.state === "waiting")).toEqual([]);
    expect(trials.filter((t) => t.state === "complete")).toHaveLength(budget);
    // Each dead trial was retried once and the retry completed, or, when its agent delivered its result before
    // the retry was handed out, it was taken back: complete, and no retry ran.
    for (const orphan of orphans) {
      const trial = trials.find((t) => t.id === orphan)!;
      const retries = trials.filter((t) => t.retryOfId === orphan).map((t) => t.state);
      expect({ state: trial.state, retries }, `trial ${orphan}`).toEqual(trial.state === "complete" ? { state: "complete", retries: [] } : { state: "failed", retries: ["complete"] });
    }
    for (const t of trials.filter((x) => x.state === "complete")) expect(t.steps, `trial #${t.number}`).toEqual(range(steps));
    expect((await api.get(`/experiments/${id}`)).experiment.status).toBe("completed");
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(serverErrorLines(results.map((r) => r.output).join("\n") + a.log() + b.log())).toEqual([]);
  });
});
