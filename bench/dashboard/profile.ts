// Where the time goes, for sizes that miss their target:
//  - server: the SQL and JSON work behind each data call, re-run here on the same SQLite file
//    (read-only) with the same queries as lib/db, plus lib/optimizer's paramImportance itself;
//  - client data path: the page's own pure transforms (lib/client/trial-store, lib/client/transforms)
//    run in Node on the real /trials payload, in the order experiment-view.tsx runs them (same V8);
//  - browser: a V8 CPU profile of one page load, self time by script (labelled by what the chunk
//    holds) and the hottest functions, beside Chrome's own Script / Layout / Style durations.

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { Direction } from "../../lib/optimizer/index";
import { importanceSample, paramImportance, type Space, type TrialRecord } from "../../lib/optimizer/index";
import { mergeTrialColumns, sortedTrials } from "../../lib/client/trial-store";
import { axesFromSpace, OBJECTIVE_KEY } from "../../lib/client/transforms/axes";
import { axisPositions, brushFromSpan, brushMask, createAxisScale, filterByBrushes, objectiveGoodness } from "../../lib/client/transforms/parallel";
import { lossSeries } from "../../lib/client/transforms/loss";
import { slicePoints } from "../../lib/client/transforms/slice";
import { downsampleMinMax } from "../../lib/shared/downsample";
import type { TrialsSnapshot } from "../../lib/schemas/ui";
import { durationMs, type TrialRow } from "../../components/trials/rows";
import { bestValue, countStates, DEFAULT_SORT, EMPTY_FILTERS, filterRows, sortRows } from "../../components/trials/table-model";
import { openReadOnly } from "./seed";
import { rawGet } from "./util";

export type Step = { step: string; ms: number; note?: string };

function time<T>(steps: Step[], step: string, fn: () => T, note?: (v: T) => string): T {
  const t0 = performance.now();
  const v = fn();
  steps.push({ step, ms: performance.now() - t0, note: note?.(v) });
  return v;
}

/** Re-runs, on the bench's database file, the queries and JSON work behind each dashboard call. */
export function serverBreakdown(databaseFile: string, experimentId: number, scalarIds: number[]): Step[] {
  const db = openReadOnly(databaseFile);
  const steps: Step[] = [];
  try {
    const exp = db.prepare("SELECT space, objectives, seed FROM Experiment WHERE id = ?").get(experimentId) as { space: string; objectives: string; seed: number };
    // GET /trials (lib/db/trials.ts readTrialColumnRows + lib/server/get-trial-snapshot.ts)
    type Row = { id: number; number: number; state: string; value: number | null; params: string; startedAt: string | null; completedAt: string | null; error: string | null; lastIntermediate: number | null };
    const objectiveMetric = (JSON.parse(exp.objectives) as Array<{ metric: string }>)[0]!.metric;
    // Same SQL as lib/db/trials.ts readTrialColumnRows (pruned trials carry their last reported value).
    const columnsSql = `SELECT t.id, t.number, t.state, t.value, t.params, t.startedAt, t.completedAt, t.error,
        (SELECT m.value FROM MetricPoint m WHERE t.state = 'pruned' AND m.trialId = t.id AND m.name = @metric ORDER BY m.step DESC LIMIT 1) AS lastIntermediate
        FROM Trial t WHERE t.experimentId = @experimentId`;
    const rows = time(steps, "trials: SQL (readTrialColumnRows)", () => db.prepare(`${columnsSql} ORDER BY t.number`).all({ experimentId, metric: objectiveMetric }) as Row[], (r) => `${r.length} rows`);
    const cols = time(steps, "trials: JSON.parse params + build columns", () => {
      const c: Record<string, unknown[]> & { params: Record<string, unknown[]> } = { id: [], number: [], state: [], value: [], startedAt: [], completedAt: [], error: [], lastIntermediate: [], params: {} } as never;
      rows.forEach((row, i) => {
        c.id!.push(row.id);
        c.number!.push(row.number);
        c.state!.push(row.state);
        c.value!.push(row.value);
        c.startedAt!.push(row.startedAt);
        c.completedAt!.push(row.completedAt);
        c.error!.push(row.error);
        c.lastIntermediate!.push(row.lastIntermediate);
        for (const [k, v] of Object.entries(JSON.parse(row.params) as Record<string, unknown>)) {
          const col = (c.params[k] ??= new Array(i).fill(null));
          col[i] = v;
        }
        for (const col of Object.values(c.params)) if (col.length <= i) col.push(null);
      });
      return c;
    });
    time(steps, "trials: JSON.stringify response", () => JSON.stringify({ serverTime: new Date().toISOString(), full: true, trials: cols }), (s) => `${(s.length / 1e6).toFixed(1)} MB`);
    time(steps, "trials?since: SQL (julianday scan)", () =>
      db.prepare(
        `${columnsSql} AND (t.state IN ('running', 'waiting') OR julianday(t.createdAt) >= julianday(@since) OR julianday(t.completedAt) >= julianday(@since)) ORDER BY t.number`,
      ).all({ experimentId, metric: objectiveMetric, since: new Date(Date.now() - 3_500).toISOString() }) as unknown[],
      (r) => `${r.length} rows`,
    );
    // GET /experiments/{id} (experimentStats)
    time(steps, "experiment: SQL (experimentStats)", () =>
      db.prepare(
        `SELECT experimentId, SUM(state IN ('complete','pruned','failed')) AS done, SUM(state = 'running') AS running,
                MIN(CASE WHEN state = 'complete' THEN value END) AS minValue, MAX(COALESCE(completedAt, startedAt, createdAt)) AS lastTrialAt
           FROM Trial WHERE experimentId IN (SELECT value FROM json_each(?)) GROUP BY experimentId`,
      ).all(JSON.stringify([experimentId])),
    );
    // GET /metrics (readExperimentMetricNames)
    time(steps, "metrics: SQL (COUNT DISTINCT over MetricPoint JOIN Trial)", () =>
      db.prepare("SELECT m.name AS name, COUNT(DISTINCT m.trialId) AS trials FROM MetricPoint m JOIN Trial t ON t.id = m.trialId WHERE t.experimentId = ? GROUP BY m.name ORDER BY m.name").all(experimentId),
    );
    // GET /scalars before it downsampled in SQL (readExperimentSeriesDownsampled): every point read, then downsampled in JS
    time(steps, "scalars: SQL all Trial rows (what listTrialRows fetches, before Prisma's own mapping)", () =>
      db.prepare("SELECT * FROM Trial WHERE experimentId = ? ORDER BY number").all(experimentId) as unknown[],
      (r) => `${r.length} rows`,
    );
    const series = time(steps, "scalars: SQL full series (what the SQL downsampling avoids)", () =>
      db.prepare(
        `SELECT m.trialId AS trialId, m.step AS step, m.value AS value, m.wallTime AS wallTime FROM MetricPoint m JOIN Trial t ON t.id = m.trialId
          WHERE t.experimentId = ? AND m.trialId IN (SELECT value FROM json_each(?)) AND m.name = ? ORDER BY m.trialId, m.step`,
      ).all(experimentId, JSON.stringify(scalarIds), "val_loss") as Array<{ trialId: number; step: number; value: number; wallTime: number }>,
      (r) => `${r.length} points, ${scalarIds.length} trials`,
    );
    time(steps, "scalars: downsample + JSON.stringify", () => {
      const by = new Map<number, typeof series>();
      for (const p of series) (by.get(p.trialId) ?? by.set(p.trialId, []).get(p.trialId)!).push(p);
      return JSON.stringify([...by.values()].map((pts) => downsampleMinMax(pts, 1000)));
    }, (s) => `${(s.length / 1e6).toFixed(2)} MB`);
    // GET /importance (readTrialEngineRows + toTrialRecords + paramImportance)
    const objective = (JSON.parse(exp.objectives) as Array<{ metric: string; direction: Direction }>)[0]!;
    const engineRows = time(steps, "importance: SQL (readTrialEngineRows, LEFT JOIN last metric)", () =>
      db.prepare(
        `SELECT t.id, t.number, t.state, t.params, t.paramsInternal, t."values", t.systemAttrs, t.retryOfId, m.step AS lastStep, m.value AS lastValue
           FROM Trial t LEFT JOIN MetricPoint m ON t.state = 'pruned' AND m.trialId = t.id AND m.name = @metric
            AND m.step = (SELECT MAX(step) FROM MetricPoint WHERE trialId = t.id AND name = @metric)
          WHERE t.experimentId = @experimentId ORDER BY t.number`,
      ).all({ experimentId, metric: objective.metric }) as Array<Record<string, unknown>>,
      (r) => `${r.length} rows`,
    );
    const records = time(steps, "importance: JSON.parse rows -> TrialRecord", () =>
      engineRows.map((r) => ({
        number: r.number as number,
        state: r.state as TrialRecord["state"],
        params: JSON.parse(r.params as string),
        internal: JSON.parse(r.paramsInternal as string),
        values: r.values ? JSON.parse(r.values as string) : null,
        intermediate: r.lastStep != null && r.lastValue != null ? [[r.lastStep as number, r.lastValue as number] as const] : [],
        systemAttrs: JSON.parse(r.systemAttrs as string),
      })) as TrialRecord[],
    );
    const complete = records.filter((t) => t.state === "complete" && t.values);
    // The server estimates from the same sample (lib/server/get-importance.ts), computed once per new completion.
    const sample = importanceSample(complete);
    time(steps, "importance: paramImportance (lib/optimizer)", () => paramImportance(JSON.parse(exp.space) as Space, sample, objective.direction, { seed: exp.seed }), () => `${sample.length} of ${complete.length} complete trials`);
  } finally {
    db.close();
  }
  return steps;
}

/** The page's data path (experiment-view.tsx's memos, in order) on the real payload, in Node. */
/** A forced full GC (flag set at runtime, so no node options are needed), for retained-size estimates. */
function gcNow(): () => void {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  return gc;
}

function heapMB(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

export function clientDataPath(body: Buffer, experimentId: number, space: unknown, metric: string, direction: Direction): Step[] {
  const steps: Step[] = [];
  const gc = gcNow();
  const heap0 = heapMB(gc);
  let text: string | null = time(steps, "decode body to string", () => body.toString("utf8"));
  let snap: TrialsSnapshot | null = time(steps, "JSON.parse /trials (res.json())", () => JSON.parse(text!) as TrialsSnapshot);
  const map = time(steps, "mergeTrialColumns -> TrialDto objects (trial-store.ts)", () => mergeTrialColumns(null, snap!.trials, experimentId), (m) => `${m.size} objects`);
  // The page keeps only the map: the payload string and the parsed columns become garbage.
  text = null;
  snap = null;
  const heapParsed = heapMB(gc);
  const trials = time(steps, "sortedTrials", () => sortedTrials(map));
  const finished = time(steps, "filter complete", () => trials.filter((t) => t.state === "complete"));
  const axes = time(steps, "axesFromSpace", () => axesFromSpace(space, finished, metric));
  const brushed = time(steps, "filterByBrushes (no brush)", () => filterByBrushes(trials, axes, {}));
  const scales = time(steps, "PC: createAxisScale x axes", () => axes.map((a) => createAxisScale(a, finished)));
  time(steps, "PC: axisPositions", () => axisPositions(finished, scales));
  time(steps, "PC: objectiveGoodness", () => objectiveGoodness(finished, direction, scales.find((s) => s.axis.source === "objective")));
  time(steps, "PC: brushMask (no brush)", () => brushMask(finished, axes, {}));
  const prunedValues = time(steps, "loss: prunedValues (experiment-view.tsx)", () =>
    Object.fromEntries(brushed.filter((t) => t.state === "pruned" && t.lastIntermediate !== null).map((t) => [t.number, t.lastIntermediate as number])),
  );
  time(steps, "loss: lossSeries", () => lossSeries(brushed, direction, "number", prunedValues), (s) => `${s.complete.length + s.pruned.length} points`);
  const brushedFinished = brushed.filter((t) => t.state === "complete");
  const paramAxes = axes.filter((a) => a.key !== OBJECTIVE_KEY);
  time(steps, "slice: slicePoints", () => slicePoints(brushedFinished, paramAxes[0]!), (s) => `${s.points.length} points`);
  time(steps, "table: paramNames (flatMap of keys)", () => [...new Set(brushed.flatMap((t) => Object.keys(t.params)))].sort());
  const rows = time(steps, "table: TrialDto -> TrialRow (as trials-section.tsx toRow)", () =>
    brushed.map((t): TrialRow => ({ id: t.id, number: t.number, state: t.state, value: t.value, lastStep: null, durationMs: durationMs(t.startedAt, t.completedAt), error: t.error, tags: t.tags, params: t.params })),
  );
  time(steps, "table: filterRows + sortRows + countStates + bestValue", () => {
    const shown = sortRows(filterRows(rows, EMPTY_FILTERS), DEFAULT_SORT);
    countStates(rows);
    bestValue(rows, direction);
    return shown;
  });
  steps.push({ step: "memory: V8 heap retained after GC", ms: 0, note: `TrialDto map ${(heapParsed - heap0).toFixed(0)} MB; with every transform's output ${(heapMB(gc) - heap0).toFixed(0)} MB` });
  const lr = scales.find((s) => s.axis.key === "lr");
  if (lr) {
    const brush = brushFromSpan(lr, 0.05, 0.35);
    if (brush) {
      const b = { lr: brush };
      time(steps, "brush: filterByBrushes + brushMask", () => {
        brushMask(finished, axes, b);
        return filterByBrushes(trials, axes, b);
      }, (r) => `${r.length} trials pass`);
    }
  }
  return steps;
}

// ---------------------------------------------------------------------------------------------
// V8 CPU profile (CDP Profiler) of one page load

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Labels a script by what it holds (chunk names are content hashes). */
export async function labelScripts(urls: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const url of urls) {
    if (!url.startsWith("http")) continue;
    let text = "";
    try {
      text = (await rawGet(url)).body.toString("utf8");
    } catch {
      // leave unlabelled
    }
    const file = url.split("/").pop() ?? url;
    const label = /Minified React error|react-dom/.test(text) && text.includes("__next")
      ? "react-dom + next runtime"
      : /Minified React error/.test(text)
        ? "react"
        : /trial-row|parallel-coordinates|scalar-chart/.test(text)
          ? "app code (components/, lib/client/)"
          : /recharts-/.test(text)
            ? "recharts (+ d3)"
            : /QueryClient/.test(text)
              ? "react-query"
              : /turbopack/.test(file)
                ? "turbopack runtime"
                : "other JS (next, zod, ...)";
    out.set(url, `${label} [${file}]`);
  }
  return out;
}

export function summarizeProfile(profile: CpuProfile, labels: Map<string, string>, window?: [number, number]) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    // timeDeltas precede their sample; microseconds since the profiler's clock origin.
    if (window && (t < window[0] || t > window[1])) continue;
    const id = profile.samples[i]!;
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0));
  }
  const byScript = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const url = n.callFrame.url;
    const fn = n.callFrame.functionName;
    const isMeta = fn.startsWith("(") && url === "";
    if (fn === "(idle)") continue;
    total += us;
    const script = isMeta ? fn : url ? (labels.get(url) ?? url.replace(/^https?:\/\/[^/]+/, "")) : "(native / V8 builtins)";
    byScript.set(script, (byScript.get(script) ?? 0) + us);
    if (!isMeta) {
      const where = url ? `${(labels.get(url) ?? url).replace(/ \[.*\]$/, "")}:${n.callFrame.lineNumber + 1}:${n.callFrame.columnNumber + 1}` : "native (Blink/V8)";
      const key = `${fn || "(anonymous)"} @ ${where}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    }
  }
  const sort = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, us]) => ({ what: k, ms: us / 1000 }));
  return { totalMs: total / 1000, byScript: sort(byScript), topFunctions: sort(byFunction).slice(0, 15) };
}
