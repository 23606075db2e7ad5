// Seeding for the dashboard render benchmark: experiments are created through the real API (so the
// space is parsed, normalised and stored as the app stores it), then trials and metric points are
// written straight into the SQLite file with better-sqlite3, one transaction per experiment.
//
// Trials mirror what the server writes (lib/db/trials.ts askTransaction, lib/server/complete-trial.ts):
// params as the user sees them, paramsInternal from lib/optimizer's own toInternal (log for log
// params, the category index for categoricals), ISO-8601 timestamps, values/value for complete trials.

import Database from "better-sqlite3";
import { compileSpace, toInternal } from "../../lib/optimizer/index";

/** 10 parameters: 6 floats (2 log-scaled), 2 ints (1 log-scaled), 2 categoricals. */
export const BENCH_SPACE = {
  lr: { type: "loguniform", low: 1e-5, high: 1 },
  weight_decay: { type: "loguniform", low: 1e-6, high: 0.1 },
  dropout: { type: "uniform", low: 0, high: 0.5 },
  momentum: { type: "uniform", low: 0.8, high: 0.999 },
  warmup_frac: { type: "uniform", low: 0, high: 0.2 },
  label_smoothing: { type: "uniform", low: 0, high: 0.3 },
  layers: { type: "int", low: 1, high: 12 },
  batch_size: { type: "int", low: 16, high: 1024, log: true },
  optimizer: { type: "choice", options: ["adam", "adamw", "sgd", "rmsprop"] },
  activation: { type: "choice", options: ["relu", "gelu", "silu", "tanh"] },
} as const;

export const OBJECTIVE_METRIC = "val_loss";

/** Small deterministic PRNG (mulberry32): the same seed gives the same data set on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function api<T>(url: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`${method} ${path} -> ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

export async function createBenchExperiment(url: string, token: string, name: string): Promise<number> {
  const { experiment } = await api<{ experiment: { id: number } }>(url, token, "POST", "/experiments", {
    name,
    description: "dashboard render benchmark (bench/dashboard/render.ts)",
    space: BENCH_SPACE,
    objective: { metric: OBJECTIVE_METRIC, direction: "minimize" },
    sampler: "random",
    seed: 7,
    // The running trials written below must not be failed by the stale-trial sweeper mid-run.
    heartbeatGraceSec: 7 * 86_400,
  });
  return experiment.id;
}

type Params = Record<string, string | number>;

function sampleParams(r: () => number): Params {
  const logU = (lo: number, hi: number) => Math.exp(Math.log(lo) + r() * (Math.log(hi) - Math.log(lo)));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  return {
    lr: logU(1e-5, 1),
    weight_decay: logU(1e-6, 0.1),
    dropout: r() * 0.5,
    momentum: 0.8 + r() * 0.199,
    warmup_frac: r() * 0.2,
    label_smoothing: r() * 0.3,
    layers: 1 + Math.floor(r() * 12),
    batch_size: Math.min(1024, Math.max(16, Math.round(logU(16, 1024)))),
    optimizer: pick(BENCH_SPACE.optimizer.options),
    activation: pick(BENCH_SPACE.activation.options),
  };
}

/** A plausible loss surface: best near lr = 3e-3, a few layers, adamw, little dropout. */
function lossOf(p: Params, r: () => number): number {
  const lr = Math.log10(p.lr as number) + 2.5;
  const base =
    0.08 +
    0.25 * lr * lr +
    0.03 * Math.abs((p.layers as number) - 4) +
    0.4 * Math.abs((p.dropout as number) - 0.1) +
    (p.optimizer === "sgd" ? 0.15 : p.optimizer === "rmsprop" ? 0.08 : p.optimizer === "adam" ? 0.02 : 0) +
    (p.activation === "tanh" ? 0.05 : 0) +
    0.02 * Math.abs(Math.log2(p.batch_size as number) - 7);
  return base * (1 + 0.08 * (r() - 0.5));
}

export interface SeedSummary {
  experimentId: number;
  trials: number;
  states: Record<string, number>;
  metricPoints: number;
  trialIds: number[];
  seedMs: number;
}

function openDb(file: string) {
  const db = new Database(file);
  db.pragma("busy_timeout = 30000");
  return db;
}

/**
 * Writes `n` trials (the last `running` of them running, the rest mostly complete, some pruned or
 * failed) and `stepsPerTrial` points of val_loss for each trial that ran, in one transaction.
 */
export function seedTrials(
  databaseFile: string,
  experimentId: number,
  opts: { n: number; running?: number; stepsPerTrial: number; seed: number; allComplete?: boolean },
): SeedSummary {
  const t0 = performance.now();
  const db = openDb(databaseFile);
  const row = db.prepare("SELECT space FROM Experiment WHERE id = ?").get(experimentId) as { space: string };
  const compiled = compileSpace(JSON.parse(row.space));
  const r = rng(opts.seed);
  const running = opts.allComplete ? 0 : (opts.running ?? Math.min(8, Math.floor(opts.n / 10)));
  const now = Date.now();
  // 8 workers: a new trial every ~7.5 s, each taking 30-90 s; the last ones still running now.
  const spacing = 7_500;
  const start0 = now - opts.n * spacing - 120_000;
  const insertTrial = db.prepare(
    `INSERT INTO Trial (experimentId, number, params, paramsInternal, state, "values", value, userAttrs, systemAttrs, workerId,
                        heartbeatAt, createdAt, startedAt, completedAt, error, retryOfId)
     VALUES (?, ?, ?, ?, ?, ?, ?, '{}', '{}', ?, ?, ?, ?, ?, ?, NULL)`,
  );
  const insertPoint = db.prepare("INSERT INTO MetricPoint (trialId, name, step, value, wallTime) VALUES (?, ?, ?, ?, ?)");
  const states: Record<string, number> = {};
  const trialIds: number[] = [];
  let points = 0;
  db.transaction(() => {
    for (let i = 0; i < opts.n; i++) {
      const params = sampleParams(r);
      const internal: Record<string, number> = {};
      for (const [key, value] of Object.entries(params)) {
        const spec = compiled.byPath.get(key);
        if (!spec) throw new Error(`space has no parameter ${key}`);
        const conv = toInternal(spec, value);
        if (typeof conv === "string") throw new Error(`${key}: ${conv}`);
        internal[key] = conv.internal;
        params[key] = conv.value as string | number;
      }
      const u = r();
      const state = i >= opts.n - running ? "running" : opts.allComplete || u < 0.89 ? "complete" : u < 0.97 ? "pruned" : "failed";
      states[state] = (states[state] ?? 0) + 1;
      const created = start0 + i * spacing;
      const startedAt = created + 50;
      const duration = 30_000 + r() * 60_000;
      const finished = state === "running" ? null : startedAt + (state === "complete" ? duration : duration * 0.3);
      const final = lossOf(params, r);
      const value = state === "complete" ? final : null;
      const info = insertTrial.run(
        experimentId,
        i,
        JSON.stringify(params),
        JSON.stringify(internal),
        state,
        value === null ? null : JSON.stringify([value]),
        value,
        `bench-worker-${i % 8}`,
        state === "running" ? new Date(now).toISOString() : null,
        new Date(created).toISOString(),
        new Date(startedAt).toISOString(),
        finished === null ? null : new Date(finished).toISOString(),
        state === "failed" ? "RuntimeError: CUDA out of memory (bench seed)" : null,
      );
      const id = Number(info.lastInsertRowid);
      trialIds.push(id);
      const steps = state === "complete" ? opts.stepsPerTrial : state === "failed" ? Math.min(2, opts.stepsPerTrial) : Math.max(1, Math.floor(opts.stepsPerTrial * 0.4));
      const end = finished ?? now;
      for (let s = 0; s < steps; s++) {
        // Decays from ~3x the final loss towards it, with noise that grows a little at the end.
        const frac = s / Math.max(1, opts.stepsPerTrial - 1);
        const v = final * (1 + 2 * Math.exp(-5 * frac)) * (1 + 0.04 * (r() - 0.5));
        const wall = (startedAt + (end - startedAt) * (steps === 1 ? 1 : s / (steps - 1))) / 1000;
        insertPoint.run(id, OBJECTIVE_METRIC, s, v, wall);
      }
      points += steps;
    }
    db.prepare("UPDATE Experiment SET trialCount = ?, updatedAt = ? WHERE id = ?").run(opts.n, new Date(now).toISOString(), experimentId);
  })();
  // One transaction of up to ~1M rows leaves a large WAL: fold it in, as SQLite's auto-checkpoint would.
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return { experimentId, trials: opts.n, states, metricPoints: points, trialIds, seedMs: performance.now() - t0 };
}

/** Read-only handle for the bench's own SQL timings. */
export function openReadOnly(file: string) {
  return new Database(file, { readonly: true, fileMustExist: true });
}

/**
 * Profiling variant: the sweep is over (running trials completed, status completed), so the page stops
 * polling. Same trials otherwise.
 */
export function finishExperiment(databaseFile: string, experimentId: number): number {
  const db = openDb(databaseFile);
  try {
    const now = new Date().toISOString();
    const running = db.prepare("SELECT id, params FROM Trial WHERE experimentId = ? AND state = 'running'").all(experimentId) as Array<{ id: number; params: string }>;
    const r = rng(experimentId);
    const done = db.prepare(`UPDATE Trial SET state = 'complete', value = ?, "values" = ?, completedAt = ? WHERE id = ?`);
    db.transaction(() => {
      for (const t of running) {
        const v = lossOf(JSON.parse(t.params) as Params, r);
        done.run(v, JSON.stringify([v]), now, t.id);
      }
      db.prepare("UPDATE Experiment SET status = 'completed', completedAt = ?, updatedAt = ? WHERE id = ?").run(now, now, experimentId);
    })();
    return running.length;
  } finally {
    db.close();
  }
}

/** The trials whose curves the page overlays by default: the best 20 finished and up to 20 running (scalars-section.tsx curveTrials). */
export function defaultCurveIds(databaseFile: string, experimentId: number): number[] {
  const db = openReadOnly(databaseFile);
  try {
    const best = db.prepare("SELECT id FROM Trial WHERE experimentId = ? AND value IS NOT NULL ORDER BY value LIMIT 20").all(experimentId) as Array<{ id: number }>;
    const running = db.prepare("SELECT id FROM Trial WHERE experimentId = ? AND state = 'running' ORDER BY number LIMIT 20").all(experimentId) as Array<{ id: number }>;
    return [...best, ...running].map((r) => r.id);
  } finally {
    db.close();
  }
}
