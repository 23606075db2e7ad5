// Dashboard render benchmark: how fast the experiment page draws and becomes usable at 1,000 /
// 10,000 / 100,000 trials, and how fast the scalar chart overlays 100 curves of 10,000 steps.
//
//   npx tsx bench/dashboard/render.ts                      # sizes 1000,10000,100000 + scalar; cold + 3 warm runs each
//   npx tsx bench/dashboard/render.ts --quick              # sizes 1000,10000 + scalar; cold + 1 warm run
//   npx tsx bench/dashboard/render.ts --sizes 10000 --runs 5 --no-scalar --profile
//
// Run it from a private copy of the repo with a production build (the server is `next start` on a
// fresh temp database, see tests/e2e/support/server.ts), never from a tree others rebuild:
//   rsync -a --delete --exclude /.next --exclude /data --exclude /.git <repo>/ /tmp/sb-render/ && cd /tmp/sb-render && npm run build
//
// Flags: --sizes a,b,c  --runs N (warm runs, default 3; 1 with --quick)  --steps-per-trial N (val_loss
// points per trial in the size experiments, default 10)  --scalar-trials N (100)  --scalar-steps N
// (10000)  --no-scalar  --profile (always profile; by default only sizes/charts that miss a target)
// --no-profile  --brush-ms N (brush response counted as interactive, default 150)  --timeout S (per
// page, default 180)  --out DIR (default bench/results/dashboard-<timestamp>)  --allow-git-tree.

import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "../../tests/e2e/support/browser";
import { startApp, type AppServer } from "../../tests/e2e/support/server";
import { BRUSH_WATCH_SCRIPT, CHART_DEFINITIONS, CHART_IDS, expectCurvesScript, PROBE_SCRIPT, READY_EXPR, SNAPSHOT_EXPR, smoothingChangeScript } from "./probe";
import { clientDataPath, labelScripts, serverBreakdown, summarizeProfile, type CpuProfile, type Step } from "./profile";
import { createBenchExperiment, defaultCurveIds, finishExperiment, OBJECTIVE_METRIC, openReadOnly, seedTrials, type SeedSummary } from "./seed";
import { bytes, flag, int, machineInfo, median, ms, numberOption, option, rawGet, table, type RawResponse } from "./util";

// ---------------------------------------------------------------------------------------------
// Settings

const QUICK = flag("quick");
const SIZES = (option("sizes") ?? (QUICK ? "1000,10000" : "1000,10000,100000")).split(",").map((s) => Number(s.trim())).filter((n) => Number.isSafeInteger(n) && n > 0);
const WARM_RUNS = numberOption("runs", QUICK ? 1 : 3);
const STEPS_PER_TRIAL = numberOption("steps-per-trial", 10);
const SCALAR_TRIALS = numberOption("scalar-trials", 100);
const SCALAR_STEPS = numberOption("scalar-steps", 10_000);
const WITH_SCALAR = !flag("no-scalar");
// The targets of issue 12 (the dashboard, second round): interactive at 10,000 trials under 1.0 s and at 100,000
// under 2.5 s, a brush answering under 150 ms, 100 scalar curves of 10,000 steps drawn under 1.0 s.
const BRUSH_OK_MS = numberOption("brush-ms", 150);
const TIMEOUT_MS = numberOption("timeout", 180) * 1000;
const STEADY_WINDOW_MS = 4_500;
const VIEWPORT = { width: 1440, height: 1000 };
const TARGETS: Record<number, number> = { 10_000: 1_000, 100_000: 2_500 };
const SCALAR_TARGET_MS = 1_000;
const SMOOTHING_STEPS = [0.95, 0.3, 0.8];

const stamp = new Date().toISOString().replace(/[:T]/g, "-").replace(/\..*/, "");
const OUT = resolve(option("out") ?? join("bench", "results", `dashboard-${stamp}`));

// ---------------------------------------------------------------------------------------------
// Types

interface Snapshot {
  marks: Record<string, number>;
  counts: Record<string, number>;
  frames: number;
  pcStrokes: number;
  pcStrokeMs: number;
  longTasks: Array<[number, number]>;
  input: Record<string, { timeStamp: number; handledAt: number }>;
  nav: { responseStart: number; responseEnd: number; domInteractive: number; domContentLoaded: number; load: number; transferSize: number; decoded: number } | null;
  paints: Record<string, number>;
  resources: Array<{ url: string; start: number; requestStart: number; responseStart: number; responseEnd: number; encoded: number; decoded: number }>;
  rows: number;
  tableCount: string | null;
  domNodes: number;
  now: number;
}

interface CallTiming {
  call: string;
  url: string;
  encoding: string;
  wireBytes: number;
  bytes: number;
  /** requestStart -> responseStart in the browser: the server's time (loopback). */
  ttfbMs: number;
  downloadMs: number;
  endMs: number;
}

interface RunResult {
  kind: "cold" | "warm";
  index: number;
  url: string;
  error?: string;
  marks: Record<string, number>;
  firstChart: number | null;
  firstChartId: string | null;
  allCharts: number | null;
  rowsAt: number | null;
  ready: number | null;
  curves?: number | null;
  smoothing?: Array<{ to: number; ms: number | null }>;
  brush?: { responseMs: number | null; inputDelayMs: number | null; dragMs: number | null; shown?: number; total?: number; rows?: number; error?: string; chrome?: Record<string, number> };
  brushProfile?: CpuProfile;
  steady?: { windowMs: number; longTaskMs: number; longTasks: number };
  /** Rendered trial-row elements (a virtualized table renders only the visible ones). */
  tableRows: number;
  tableCount: string | null;
  domNodes: number;
  pcStrokes: number;
  pcStrokeMs: number;
  longTaskMsToReady: number;
  chrome: Record<string, number>;
  calls: CallTiming[];
  staticJs: { encoded: number; decoded: number };
  nav: Snapshot["nav"];
  fcp: number | null;
  cpuProfile?: CpuProfile;
}

interface DirectCall {
  call: string;
  path: string;
  status: number;
  encoding: string;
  wireBytes: number;
  bytes: number;
  gzipBytes: number;
  ttfbMs: number;
  totalMs: number;
}

interface SizeResult {
  name: string;
  trials: number;
  experimentId: number;
  seed: SeedSummary;
  runs: RunResult[];
  direct: DirectCall[];
  scalarIds?: number[];
  profile?: {
    server: Step[];
    client: Step[];
    browser?: ReturnType<typeof summarizeProfile> & { windowMs: number; chrome: Record<string, number>; firstRender?: ReturnType<typeof summarizeProfile> & { fromMs: number; toMs: number } };
    brush?: ReturnType<typeof summarizeProfile> & { responseMs: number | null; chrome: Record<string, number> };
    notLive?: { firstChart: number | null; ready: number | null; brushMs: number | null; brushInputDelayMs: number | null; steadyLongTaskMs: number | null; chrome: Record<string, number>; error?: string };
  };
}

// ---------------------------------------------------------------------------------------------
// Measuring one page load

function callName(path: string): string {
  const p = path.replace(/^https?:\/\/[^/]+/, "");
  if (/\/api\/ui\/experiments\/\d+\/trials\?since=/.test(p)) return "trials?since";
  const m = /\/api\/ui\/experiments\/\d+(\/[a-z]+)?/.exec(p);
  if (m) return m[1] ? m[1].slice(1) : "experiment";
  if (/^\/experiments\/\d+/.test(p)) return "page (HTML)";
  return p;
}

function chromeMetrics(list: Array<{ name: string; value: number }>): Record<string, number> {
  const m = Object.fromEntries(list.map((x) => [x.name, x.value]));
  return {
    scriptMs: (m.ScriptDuration ?? 0) * 1000,
    layoutMs: (m.LayoutDuration ?? 0) * 1000,
    styleMs: (m.RecalcStyleDuration ?? 0) * 1000,
    taskMs: (m.TaskDuration ?? 0) * 1000,
    layouts: m.LayoutCount ?? 0,
    nodes: m.Nodes ?? 0,
    heapMB: (m.JSHeapUsedSize ?? 0) / 2 ** 20,
    // CPU time of the renderer process (all its threads): steadier than wall time on a shared machine.
    cpuMs: (m.ProcessTime ?? NaN) * 1000,
  };
}

type Guard = <T>(p: Promise<T>, what: string, timeoutMs?: number) => Promise<T>;

function sleep(msec: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, msec)).unref());
}

/**
 * Every page operation goes through the guard: it fails fast when the renderer crashes (a crashed page
 * leaves pending CDP calls unanswered) and after a deadline when the page never answers.
 */
function pageGuard(page: Page): { guard: Guard; crash: () => string | null } {
  let crashed: string | null = null;
  let fail!: (e: Error) => void;
  const onCrash = new Promise<never>((_, reject) => (fail = reject));
  onCrash.catch(() => {});
  page.on("crash", () => {
    crashed = new Date().toISOString();
    fail(new Error("the renderer crashed (Chromium's \"Aw, Snap\"; usually out of memory)"));
  });
  const guard: Guard = (p, what, timeoutMs = TIMEOUT_MS) => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
      timer.unref();
    });
    return Promise.race([p, onCrash, deadline]).finally(() => clearTimeout(timer));
  };
  return { guard, crash: () => crashed };
}

async function measurePage(
  context: BrowserContext,
  url: string,
  opts: { kind: "cold" | "warm"; index: number; expectCurves?: number; brush?: boolean; smoothing?: boolean; steady?: boolean; cpuProfile?: boolean },
): Promise<RunResult> {
  const page = await context.newPage();
  const { guard } = pageGuard(page);
  await page.addInitScript(PROBE_SCRIPT);
  if (opts.expectCurves) await page.addInitScript(expectCurvesScript(opts.expectCurves));
  const encodings = new Map<string, string>();
  page.on("response", (r) => {
    const name = callName(r.url());
    if (!encodings.has(name)) encodings.set(name, r.headers()["content-encoding"] ?? "identity");
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  if (opts.cpuProfile) {
    await cdp.send("Profiler.enable");
    await cdp.send("Profiler.setSamplingInterval", { interval: 250 });
    await cdp.send("Profiler.start");
  }
  const metrics = async () => chromeMetrics((await guard(cdp.send("Performance.getMetrics"), "Performance.getMetrics")).metrics);
  const result: RunResult = {
    kind: opts.kind, index: opts.index, url, marks: {}, firstChart: null, firstChartId: null, allCharts: null, rowsAt: null, ready: null,
    tableRows: 0, tableCount: null, domNodes: 0, pcStrokes: 0, pcStrokeMs: 0, longTaskMsToReady: 0, chrome: {}, calls: [], staticJs: { encoded: 0, decoded: 0 }, nav: null, fcp: null,
  };
  const started = Date.now();
  // What the page last told us, for the report when it never gets ready or crashes.
  let last: { marks: Record<string, number>; heapMB: number; now: number } = { marks: {}, heapMB: 0, now: 0 };
  try {
    await guard(page.goto(url, { waitUntil: "commit", timeout: TIMEOUT_MS }), "navigation");
    const readyExpr = opts.expectCurves ? `!!(window.__bench && window.__bench.marks.curves !== undefined)` : READY_EXPR;
    const probe = `(() => ({ ready: ${readyExpr}, marks: window.__bench ? window.__bench.marks : {}, heapMB: performance.memory ? performance.memory.usedJSHeapSize / 1048576 : 0, now: performance.now() }))()`;
    for (;;) {
      const left = TIMEOUT_MS - (Date.now() - started);
      if (left <= 0) throw new Error(`not ready within ${TIMEOUT_MS / 1000} s`);
      const st = (await guard(page.evaluate(probe), "waiting for ready", left)) as typeof last & { ready: boolean };
      last = st;
      if (st.ready) break;
      await sleep(100);
    }
    const chrome = await metrics();
    if (opts.cpuProfile) {
      const { profile } = await guard(cdp.send("Profiler.stop"), "Profiler.stop");
      result.cpuProfile = profile as unknown as CpuProfile;
    }
    const snap = (await guard(page.evaluate(SNAPSHOT_EXPR), "snapshot")) as Snapshot;
    fillFromSnapshot(result, snap, encodings);
    result.chrome = chrome;
    if (opts.expectCurves) result.curves = snap.marks.curves ?? null;

    if (opts.brush) {
      if (opts.cpuProfile) await guard(cdp.send("Profiler.start"), "Profiler.start");
      const before = await metrics();
      result.brush = await brushOnce(page, guard);
      const after = await metrics();
      result.brush.chrome = Object.fromEntries(Object.keys(after).map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)]));
      if (opts.cpuProfile) result.brushProfile = (await guard(cdp.send("Profiler.stop"), "Profiler.stop")).profile as unknown as CpuProfile;
    }
    if (opts.smoothing && opts.expectCurves) {
      result.smoothing = [];
      for (const to of SMOOTHING_STEPS) result.smoothing.push({ to, ms: await smoothOnce(page, guard, to, opts.expectCurves) });
    }
    if (opts.steady) {
      const from = (await guard(page.evaluate("performance.now()"), "now")) as number;
      await sleep(STEADY_WINDOW_MS);
      const s = (await guard(page.evaluate(SNAPSHOT_EXPR), "snapshot")) as Snapshot;
      const tasks = s.longTasks.filter(([start]) => start >= from);
      result.steady = { windowMs: s.now - from, longTaskMs: tasks.reduce((a, [, d]) => a + d, 0), longTasks: tasks.length };
      // Polls made after the load (trials?since every 1.5 s while the experiment runs) land in calls too.
      fillCalls(result, s, encodings);
    }
  } catch (error) {
    const reached = Object.entries(last.marks).sort((a, b) => a[1] - b[1]).map(([k, v]) => `${k} ${ms(v)}`).join(", ") || "nothing";
    result.error = `${(error as Error).message.split("\n")[0]} after ${ms(Date.now() - started)}; last seen at ${ms(last.now)}: JS heap ${last.heapMB.toFixed(0)} MB, drawn: ${reached}`;
    if (Object.keys(result.marks).length === 0) {
      result.marks = last.marks;
      const charts = CHART_IDS.map((id) => last.marks[id]).filter((v): v is number => v !== undefined);
      result.firstChart = charts.length ? Math.min(...charts) : null;
    }
  } finally {
    await guard(cdp.detach(), "detach", 10_000).catch(() => {});
    await guard(page.close(), "close", 30_000).catch(() => {});
  }
  return result;
}

function fillCalls(result: RunResult, snap: Snapshot, encodings: Map<string, string>) {
  const seen = new Set(result.calls.map((c) => c.call));
  for (const r of snap.resources) {
    const call = callName(r.url);
    if (seen.has(call)) continue;
    seen.add(call);
    result.calls.push({
      call, url: r.url, encoding: encodings.get(call) ?? "?", wireBytes: r.encoded, bytes: r.decoded,
      ttfbMs: r.responseStart - r.requestStart, downloadMs: r.responseEnd - r.responseStart, endMs: r.responseEnd,
    });
  }
}

function fillFromSnapshot(result: RunResult, snap: Snapshot, encodings: Map<string, string>) {
  result.marks = snap.marks;
  const charts = CHART_IDS.map((id) => [id, snap.marks[id]] as const).filter((x): x is readonly [(typeof CHART_IDS)[number], number] => x[1] !== undefined);
  const first = charts.sort((a, b) => a[1] - b[1])[0];
  result.firstChart = first?.[1] ?? null;
  result.firstChartId = first?.[0] ?? null;
  result.allCharts = charts.length === CHART_IDS.length ? Math.max(...charts.map((c) => c[1])) : null;
  result.rowsAt = snap.marks.rows ?? null;
  result.ready = result.allCharts !== null && result.rowsAt !== null ? Math.max(result.allCharts, result.rowsAt) : null;
  result.tableRows = snap.rows;
  result.tableCount = snap.tableCount;
  result.domNodes = snap.domNodes;
  result.pcStrokes = snap.pcStrokes;
  result.pcStrokeMs = snap.pcStrokeMs;
  const until = result.ready ?? snap.now;
  result.longTaskMsToReady = snap.longTasks.filter(([s]) => s < until).reduce((a, [, d]) => a + d, 0);
  result.nav = snap.nav;
  result.fcp = snap.paints["first-contentful-paint"] ?? null;
  if (snap.nav) {
    result.calls.push({ call: "page (HTML)", url: result.url, encoding: encodings.get("page (HTML)") ?? "?", wireBytes: snap.nav.transferSize, bytes: snap.nav.decoded, ttfbMs: snap.nav.responseStart, downloadMs: snap.nav.responseEnd - snap.nav.responseStart, endMs: snap.nav.responseEnd });
  }
  fillCalls(result, snap, encodings);
}

/** One drag on the lr axis (from 5% to 35% of its height, a single pointer move), timed to the table update. */
async function brushOnce(page: Page, guard: Guard): Promise<NonNullable<RunResult["brush"]>> {
  try {
    await guard(page.evaluate(BRUSH_WATCH_SCRIPT), "brush watch");
    const axis = page.locator('[data-testid="pc-axis-lr"]');
    await guard(axis.scrollIntoViewIfNeeded({ timeout: TIMEOUT_MS }), "scroll");
    const box = await guard(axis.boundingBox({ timeout: TIMEOUT_MS }), "axis box");
    if (!box) throw new Error("axis pc-axis-lr has no box");
    // The axis group spans its labels above the line: use the lower part, where the drag target is.
    const top = box.y + box.height * 0.25;
    const bottom = box.y + box.height * 0.95;
    const y = (p: number) => bottom - (bottom - top) * p;
    const x = box.x + box.width / 2;
    await guard(page.mouse.move(x, y(0.05)), "mouse");
    await guard(page.mouse.down(), "mouse");
    await guard(page.mouse.move(x, y(0.35)), "mouse");
    await guard(page.mouse.up(), "mouse");
    await guard(page.waitForFunction("window.__bench.marks.brushed !== undefined", null, { polling: 50, timeout: TIMEOUT_MS }), "brush");
    const s = (await guard(page.evaluate(SNAPSHOT_EXPR), "snapshot")) as Snapshot;
    const move = s.input.pointermove;
    const down = s.input.pointerdown;
    const up = s.input.pointerup;
    const done = s.marks.brushed!;
    return {
      responseMs: move ? done - move.timeStamp : null,
      inputDelayMs: move ? move.handledAt - move.timeStamp : null,
      dragMs: down && up ? up.handledAt - down.timeStamp : null,
      shown: s.counts.brushShown,
      total: s.counts.brushTotal,
      rows: s.counts.brushRows,
    };
  } catch (error) {
    return { responseMs: null, inputDelayMs: null, dragMs: null, error: (error as Error).message.split("\n")[0] };
  }
}

async function smoothOnce(page: Page, guard: Guard, to: number, expect: number): Promise<number | null> {
  try {
    const { key, t0 } = (await guard(page.evaluate(smoothingChangeScript(to, expect)), "smoothing")) as { key: string; t0: number };
    await guard(page.waitForFunction(`window.__bench.marks[${JSON.stringify(key)}] !== undefined`, null, { polling: 50, timeout: TIMEOUT_MS }), "smoothing redraw");
    const done = (await guard(page.evaluate(`window.__bench.marks[${JSON.stringify(key)}]`), "smoothing")) as number;
    await sleep(300);
    return done - t0;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Direct calls: the server alone, no browser competing for the CPU

async function directCalls(app: AppServer, experimentId: number, browserRuns: RunResult[], reps: number): Promise<DirectCall[]> {
  const base = `/api/ui/experiments/${experimentId}`;
  const fromBrowser = (call: string) => browserRuns.flatMap((r) => r.calls).find((c) => c.call === call)?.url.replace(app.url, "");
  const paths: Array<[string, string]> = [
    ["page (HTML)", `/experiments/${experimentId}`],
    ["experiment", base],
    ["trials", `${base}/trials`],
    ["trials?since", `${base}/trials?since=${encodeURIComponent(new Date(Date.now() - 1_500).toISOString())}`],
    ["metrics", `${base}/metrics`],
    ["scalars", fromBrowser("scalars") ?? `${base}/scalars?metric=${OBJECTIVE_METRIC}&trials=${defaultCurveIds(app.databaseFile, experimentId).join(",")}`],
    ["importance", `${base}/importance`],
  ];
  const out: DirectCall[] = [];
  for (const [call, path] of paths) {
    if (!path) continue;
    const got: RawResponse[] = [];
    for (let i = 0; i < reps; i++) got.push(await rawGet(app.url + path));
    const last = got[got.length - 1]!;
    out.push({
      call, path, status: last.status, encoding: last.encoding, wireBytes: last.wireBytes, bytes: last.bytes, gzipBytes: last.gzipBytes,
      ttfbMs: median(got.map((g) => g.ttfbMs))!, totalMs: median(got.map((g) => g.totalMs))!,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Orchestration

async function measureExperiment(browser: Browser, name: string, url: string, opts: { expectCurves?: number }): Promise<RunResult[]> {
  const runs: RunResult[] = [];
  // The app's Content-Security-Policy forbids eval, which page.waitForFunction with a string needs: the probe's
  // contexts bypass it (it changes nothing the page itself does).
  const context = await browser.newContext({ viewport: VIEWPORT, bypassCSP: true });
  try {
    const total = 1 + WARM_RUNS;
    for (let i = 0; i < total; i++) {
      if (runs.length >= 2 && runs.slice(-2).every((r) => r.error)) {
        console.log(`  ${name}: two loads in a row failed; skipping the remaining ${total - i} run(s)`);
        break;
      }
      const kind = i === 0 ? "cold" : "warm";
      process.stdout.write(`  ${name}: ${kind} run ${i === 0 ? "" : `${i}/${WARM_RUNS} `}... `);
      const r = await measurePage(context, url, { kind, index: i, expectCurves: opts.expectCurves, brush: !opts.expectCurves, smoothing: !!opts.expectCurves, steady: !opts.expectCurves });
      runs.push(r);
      console.log(
        r.error
          ? `ERROR ${r.error}`
          : opts.expectCurves
            ? `${SCALAR_TRIALS} curves ${ms(r.curves)}, smoothing ${r.smoothing?.map((s) => ms(s.ms)).join(" / ")}`
            : `first chart ${ms(r.firstChart)} (${r.firstChartId}), ready ${ms(r.ready)}, brush ${ms(r.brush?.responseMs)}${r.brush?.error ? ` (${r.brush.error})` : ""}, rows ${int(r.tableRows)}, DOM ${int(r.domNodes)} nodes`,
      );
    }
  } finally {
    await context.close();
  }
  return runs;
}

function warm(runs: RunResult[]): RunResult[] {
  return runs.filter((r) => r.kind === "warm");
}
function cold(runs: RunResult[]): RunResult | undefined {
  return runs.find((r) => r.kind === "cold");
}

/** The warm run whose ready time is the median one (for its timeline and per-call figures). */
function medianRun(runs: RunResult[], key: (r: RunResult) => number | null | undefined): RunResult | undefined {
  const w = warm(runs).filter((r) => typeof key(r) === "number").sort((a, b) => (key(a) as number) - (key(b) as number));
  return w[Math.floor((w.length - 1) / 2)] ?? cold(runs);
}

/** A time, or why there is none (the page crashed or never got there). */
function cell(r: RunResult | undefined, v: number | null | undefined): string {
  if (!r) return "—";
  if (r.error) return /crashed/.test(r.error) ? "crash" : /not ready|no answer/.test(r.error) ? "timeout" : "error";
  return ms(v);
}

/** Median over the warm runs, or the failure when every warm run failed. */
function warmCell(runs: RunResult[], key: (r: RunResult) => number | null | undefined): string {
  const w = warm(runs);
  if (w.length > 0 && w.every((r) => r.error)) return cell(w[0], null);
  return ms(median(w.filter((r) => !r.error).map(key)));
}

function interactiveOk(r: RunResult | undefined, target: number): boolean {
  return !!r && r.ready !== null && r.ready < target && r.brush?.responseMs !== null && r.brush?.responseMs !== undefined && r.brush.responseMs <= BRUSH_OK_MS;
}

async function main() {
  if (existsSync(".git") && !flag("allow-git-tree")) {
    throw new Error(
      "refusing to run in a git checkout (others may rebuild its .next at any time): make a private copy\n" +
        "  rsync -a --delete --exclude /.next --exclude /data --exclude /.git <repo>/ /tmp/sb-render/ && cd /tmp/sb-render && npm run build\n" +
        "and run from there (or pass --allow-git-tree).",
    );
  }
  if (!existsSync(".next/BUILD_ID")) throw new Error(`no production build in ${process.cwd()}/.next: run "npm run build" first`);
  mkdirSync(OUT, { recursive: true });
  const machine = machineInfo();
  const startedAt = new Date().toISOString();
  console.log("=== Sweepboard dashboard render benchmark ===");
  console.log(`machine: ${machine.cpu}, ${machine.cores} logical cores, ${machine.ram} RAM, ${machine.os}; node ${machine.node}`);
  console.log(`load average before: ${machine.loadBefore}`);
  console.log(`sizes: ${SIZES.length ? `${SIZES.map(int).join(", ")} trials (+ ${STEPS_PER_TRIAL} val_loss points per trial)` : "none"}; scalar: ${WITH_SCALAR ? `${SCALAR_TRIALS} trials x ${int(SCALAR_STEPS)} steps` : "off"}; 1 cold + ${WARM_RUNS} warm page loads each; viewport ${VIEWPORT.width}x${VIEWPORT.height}`);
  console.log(`started ${startedAt}; raw results -> ${OUT}`);

  const app = await startApp();
  const browser = await launchBrowser();
  // Ctrl-C or a kill must not leave next-server and Chromium behind.
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.once(sig, () => {
      console.error(`\n${sig}: stopping the browser and the server`);
      void Promise.allSettled([browser.close(), app.stop()]).then(() => process.exit(130));
    });
  }
  const chromiumVersion = browser.version();
  console.log(`server: next start at ${app.url} (DB ${app.databaseFile}); Chromium ${chromiumVersion} headless (playwright-core)`);
  const results: SizeResult[] = [];
  let scalar: SizeResult | undefined;
  try {
    for (const n of SIZES) {
      const experimentId = await createBenchExperiment(app.url, app.token, `render bench ${n} trials`);
      const seed = seedTrials(app.databaseFile, experimentId, { n, stepsPerTrial: STEPS_PER_TRIAL, seed: n });
      console.log(`\n[${int(n)} trials] experiment ${experimentId}: seeded ${int(seed.trials)} trials (${Object.entries(seed.states).map(([k, v]) => `${int(v)} ${k}`).join(", ")}), ${int(seed.metricPoints)} metric points in ${ms(seed.seedMs)}`);
      const url = `${app.url}/experiments/${experimentId}`;
      const runs = await measureExperiment(browser, `${int(n)} trials`, url, {});
      const direct = await directCalls(app, experimentId, runs, 3);
      results.push({ name: `${int(n)} trials`, trials: n, experimentId, seed, runs, direct });
    }
    if (WITH_SCALAR) {
      const experimentId = await createBenchExperiment(app.url, app.token, `render bench scalar ${SCALAR_TRIALS}x${SCALAR_STEPS}`);
      const seed = seedTrials(app.databaseFile, experimentId, { n: SCALAR_TRIALS, stepsPerTrial: SCALAR_STEPS, seed: 99, allComplete: true });
      console.log(`\n[scalar] experiment ${experimentId}: ${SCALAR_TRIALS} complete trials x ${int(SCALAR_STEPS)} steps = ${int(seed.metricPoints)} metric points in ${ms(seed.seedMs)}`);
      const url = `${app.url}/experiments/${experimentId}?v=${encodeURIComponent(JSON.stringify({ selected: seed.trialIds }))}`;
      const runs = await measureExperiment(browser, "scalar", url, { expectCurves: SCALAR_TRIALS });
      const direct = await directCalls(app, experimentId, runs, 3);
      scalar = { name: `scalar ${SCALAR_TRIALS}x${int(SCALAR_STEPS)}`, trials: SCALAR_TRIALS, experimentId, seed, runs, direct, scalarIds: seed.trialIds };
    }

    // ---- verdicts, then profiles for what missed
    const missed: SizeResult[] = [];
    for (const s of results) {
      const target = TARGETS[s.trials];
      if (target === undefined) continue;
      const r = medianRun(s.runs, (x) => x.ready);
      if (!interactiveOk(r, target) || !interactiveOk(cold(s.runs), target)) missed.push(s);
    }
    const scalarMissed = scalar && !(median(warm(scalar.runs).map((r) => r.curves)) !== null && median(warm(scalar.runs).map((r) => r.curves))! < SCALAR_TARGET_MS);
    if (scalar && scalarMissed) missed.push(scalar);
    const toProfile = flag("no-profile") ? [] : flag("profile") ? [...results, ...(scalar ? [scalar] : [])] : missed;
    for (const s of toProfile) {
      console.log(`\n[profile] ${s.name} ...`);
      await profileSize(browser, app, s);
    }
  } finally {
    await browser.close().catch(() => {});
    await app.stop().catch(() => {});
  }

  const report = renderReport(machine, chromiumVersion, startedAt, results, scalar);
  console.log(`\n${report}`);
  const strip = (s: SizeResult) => ({ ...s, seed: { ...s.seed, trialIds: undefined }, runs: s.runs.map((r) => ({ ...r, cpuProfile: undefined })) });
  writeFileSync(join(OUT, "results.json"), JSON.stringify({ machine, chromiumVersion, startedAt, finishedAt: new Date().toISOString(), settings: { SIZES, WARM_RUNS, STEPS_PER_TRIAL, SCALAR_TRIALS, SCALAR_STEPS, BRUSH_OK_MS, VIEWPORT }, sizes: results.map(strip), scalar: scalar && strip(scalar) }, null, 1));
  writeFileSync(join(OUT, "summary.txt"), `${report}\n`);
  console.log(`\nraw results: ${join(OUT, "results.json")}, ${join(OUT, "summary.txt")}`);
}

async function profileSize(browser: Browser, app: AppServer, s: SizeResult) {
  const scalarRun = s.scalarIds !== undefined;
  const ids = scalarRun ? s.scalarIds! : defaultCurveIds(app.databaseFile, s.experimentId);
  const server = serverBreakdown(app.databaseFile, s.experimentId, ids);
  const trialsBody = (await rawGet(`${app.url}/api/ui/experiments/${s.experimentId}/trials`)).body;
  const client = clientDataPath(trialsBody, s.experimentId, JSON.parse(openReadOnlySpace(app.databaseFile, s.experimentId)), OBJECTIVE_METRIC, "minimize");
  if (s.runs.every((r) => r.error)) {
    s.profile = { server, client };
    console.log("  every page load failed: browser profile skipped (server and data-path figures only)");
    return;
  }
  // One more warm load under the V8 sampling profiler (it slows JS down a little; its times are not reported as results).
  const context = await browser.newContext({ viewport: VIEWPORT, bypassCSP: true });
  let browserSummary: NonNullable<SizeResult["profile"]>["browser"];
  let brushSummary: NonNullable<SizeResult["profile"]>["brush"];
  try {
    await measurePage(context, s.runs[0]!.url, { kind: "cold", index: 0, expectCurves: scalarRun ? s.trials : undefined });
    const r = await measurePage(context, s.runs[0]!.url, { kind: "warm", index: 99, expectCurves: scalarRun ? s.trials : undefined, cpuProfile: true, brush: !scalarRun });
    const urls = [...new Set([r.cpuProfile, r.brushProfile].flatMap((p) => p?.nodes ?? []).map((n) => n.callFrame.url).filter((u) => u.includes("/_next/")))];
    const labels = await labelScripts(urls);
    if (r.cpuProfile) {
      const end = scalarRun ? r.curves : r.ready;
      // The profile starts just before navigation; keep the samples up to "ready" (+50 ms).
      const windowUs: [number, number] | undefined = end ? [r.cpuProfile.startTime, r.cpuProfile.startTime + end * 1000 + 50_000] : undefined;
      browserSummary = { ...summarizeProfile(r.cpuProfile, labels, windowUs), windowMs: end ?? NaN, chrome: r.chrome };
      // The first render on its own: from the /trials response to the first chart on screen.
      const trialsDone = r.calls.find((c) => c.call === "trials")?.endMs;
      if (trialsDone !== undefined && r.firstChart !== null && r.firstChart > trialsDone) {
        const from = r.cpuProfile.startTime + trialsDone * 1000;
        const to = r.cpuProfile.startTime + r.firstChart * 1000;
        browserSummary.firstRender = { ...summarizeProfile(r.cpuProfile, labels, [from, to]), fromMs: trialsDone, toMs: r.firstChart };
      }
    }
    const tag = s.name.replace(/[^\w]+/g, "-");
    if (r.cpuProfile) writeFileSync(join(OUT, `load-${tag}.cpuprofile`), JSON.stringify(r.cpuProfile));
    if (r.brushProfile) writeFileSync(join(OUT, `brush-${tag}.cpuprofile`), JSON.stringify(r.brushProfile));
    if (r.brushProfile && r.brush) brushSummary = { ...summarizeProfile(r.brushProfile, labels), responseMs: r.brush.responseMs, chrome: r.brush.chrome ?? {} };
  } finally {
    await context.close();
  }
  s.profile = { server, client, browser: browserSummary, brush: brushSummary };
  if (!scalarRun) {
    // Variant: the same trials with the sweep finished, so the page does not poll every 1.5 s.
    finishExperiment(app.databaseFile, s.experimentId);
    const ctx = await browser.newContext({ viewport: VIEWPORT, bypassCSP: true });
    try {
      await measurePage(ctx, s.runs[0]!.url, { kind: "cold", index: 0 });
      const r = await measurePage(ctx, s.runs[0]!.url, { kind: "warm", index: 98, brush: true, steady: true });
      s.profile.notLive = { firstChart: r.firstChart, ready: r.ready, brushMs: r.brush?.responseMs ?? null, brushInputDelayMs: r.brush?.inputDelayMs ?? null, steadyLongTaskMs: r.steady?.longTaskMs ?? null, chrome: r.chrome, error: r.error };
    } finally {
      await ctx.close();
    }
  }
}

function openReadOnlySpace(file: string, experimentId: number): string {
  const db = openReadOnly(file);
  try {
    return (db.prepare("SELECT space FROM Experiment WHERE id = ?").get(experimentId) as { space: string }).space;
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function renderReport(machine: Record<string, string>, chromium: string, startedAt: string, results: SizeResult[], scalar: SizeResult | undefined): string {
  const lines: string[] = [];
  lines.push("=== Dashboard render benchmark: experiment page (/experiments/{id}) ===");
  lines.push(`run ${startedAt} .. ${new Date().toISOString()}; machine: ${machine.cpu}, ${machine.cores} logical cores, ${machine.ram}; ${machine.os}; node ${machine.node}`);
  lines.push(`Chromium ${chromium} (${machine.chromiumCli}), headless, --disable-gpu, viewport ${VIEWPORT.width}x${VIEWPORT.height}; load average before ${machine.loadBefore}, after ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  lines.push(`cold = first load in a fresh browser context (empty HTTP cache); warm = median of ${WARM_RUNS} later loads, each in a fresh page of the same context (JS cached).`);
  lines.push("Definitions (all times from navigation start = performance.timeOrigin, stamped in the first animation frame in which the condition holds, i.e. the frame that paints it):");
  lines.push(`  first chart = earliest of the 5 charts having content: ${CHART_IDS.map((id) => `${id}: ${CHART_DEFINITIONS[id]}`).join("; ")}.`);
  lines.push(`  interactive = all 5 charts have content AND a [data-testid=trial-row] exists; counted only if the brush below then answers within ${BRUSH_OK_MS} ms.`);
  lines.push(`  brush = one drag on the lr axis (pointerdown, one pointermove spanning 30% of the axis, pointerup) issued right after "interactive": pointermove event timestamp -> first frame in which [data-testid=brush-summary] reads "Showing N of M" and the table body re-rendered.`);
  lines.push(`  scalar = ${SCALAR_TRIALS} trials selected through ?v={"selected":[...]}: navigation -> frame with ${SCALAR_TRIALS} [data-testid=scalar-chart] path[data-trial]; smoothing = input event on the slider -> frame in which the curves' d changed (median of ${SMOOTHING_STEPS.join(", ")}).`);
  lines.push(`  sizes: raw = decoded JSON/HTML bytes, wire = bytes on the wire (encoding the server chose for Accept-Encoding: gzip, deflate, br).`);
  lines.push("");

  const rows: string[][] = [["experiment", "first chart cold/warm", "interactive cold/warm", "brush (scalar: smoothing) cold/warm", "trial rows in DOM", "DOM nodes", "largest response raw (wire)", "per-call raw (wire) / server ms", "target"]];
  const verdicts: string[] = [];
  for (const s of results) {
    const c = cold(s.runs);
    const w = warm(s.runs);
    const mid = medianRun(s.runs, (r) => r.ready);
    const largest = [...s.direct].sort((a, b) => b.bytes - a.bytes)[0];
    const target = TARGETS[s.trials];
    let verdict = "—";
    if (target !== undefined) {
      const okW = interactiveOk(mid, target);
      const okC = interactiveOk(c, target);
      verdict = `< ${ms(target)}: ${okW ? "met" : "NOT met"} (cold ${okC ? "met" : "NOT met"})`;
      verdicts.push(`${s.name} interactive < ${ms(target)} (and brush <= ${BRUSH_OK_MS} ms): warm ${warmCell(s.runs, (r) => r.ready)}, brush ${warmCell(s.runs, (r) => r.brush?.responseMs)} -> ${okW ? "met" : "NOT met"}; cold ${cell(c, c?.ready)}, brush ${cell(c, c?.brush?.responseMs)} -> ${okC ? "met" : "NOT met"}`);
    }
    rows.push([
      s.name,
      `${ms(c?.firstChart)} / ${ms(median(w.map((r) => r.firstChart)))}`,
      `${cell(c, c?.ready)} / ${warmCell(s.runs, (r) => r.ready)}`,
      `${cell(c, c?.brush?.responseMs)} / ${warmCell(s.runs, (r) => r.brush?.responseMs)}`,
      !mid || mid.error ? "—" : int(mid.tableRows),
      !mid || mid.error ? "—" : int(mid.domNodes),
      largest ? `${largest.call} ${bytes(largest.bytes)} (${bytes(largest.wireBytes)}${largest.encoding === "identity" ? ", uncompressed" : ` ${largest.encoding}`})` : "—",
      s.direct.filter((d) => d.call !== "page (HTML)").map((d) => `${d.call} ${bytes(d.bytes)}${d.encoding === "identity" ? "" : ` (${bytes(d.wireBytes)})`} / ${Math.round(d.ttfbMs)}`).join("; "),
      verdict,
    ]);
  }
  if (scalar) {
    const c = cold(scalar.runs);
    const w = warm(scalar.runs);
    const mid = medianRun(scalar.runs, (r) => r.curves);
    const largest = [...scalar.direct].sort((a, b) => b.bytes - a.bytes)[0];
    const warmCurves = median(w.map((r) => r.curves));
    const okW = warmCurves !== null && warmCurves < SCALAR_TARGET_MS;
    const okC = c?.curves !== null && c?.curves !== undefined && c.curves < SCALAR_TARGET_MS;
    const smooth = (r: RunResult | undefined) => median((r?.smoothing ?? []).map((x) => x.ms));
    verdicts.push(`scalar chart, ${SCALAR_TRIALS} curves drawn < ${ms(SCALAR_TARGET_MS)}: warm ${ms(warmCurves)} -> ${okW ? "met" : "NOT met"}; cold ${ms(c?.curves)} -> ${okC ? "met" : "NOT met"}; smoothing redraw ${ms(median(w.map(smooth)))} warm, ${ms(smooth(c))} cold (no target)`);
    rows.push([
      scalar.name,
      `${ms(c?.firstChart)} / ${ms(median(w.map((r) => r.firstChart)))}`,
      `${ms(c?.curves)} / ${ms(warmCurves)} (${SCALAR_TRIALS} curves)`,
      `smoothing ${ms(smooth(c))} / ${ms(median(w.map(smooth)))}`,
      int(mid?.tableRows ?? 0),
      int(mid?.domNodes ?? 0),
      largest ? `${largest.call} ${bytes(largest.bytes)} (${bytes(largest.wireBytes)}${largest.encoding === "identity" ? ", uncompressed" : ` ${largest.encoding}`})` : "—",
      scalar.direct.filter((d) => d.call !== "page (HTML)").map((d) => `${d.call} ${bytes(d.bytes)}${d.encoding === "identity" ? "" : ` (${bytes(d.wireBytes)})`} / ${Math.round(d.ttfbMs)}`).join("; "),
      `< ${ms(SCALAR_TARGET_MS)}: ${okW ? "met" : "NOT met"} (cold ${okC ? "met" : "NOT met"})`,
    ]);
  }
  lines.push(table(rows, (c) => c >= 1 && c <= 5));
  lines.push("");
  lines.push("Targets:");
  for (const v of verdicts) lines.push(`  ${v}`);

  // Per-call detail and the load timeline of the median warm run.
  for (const s of [...results, ...(scalar ? [scalar] : [])]) {
    const mid = s.scalarIds ? medianRun(s.runs, (r) => r.curves) : medianRun(s.runs, (r) => r.ready);
    lines.push("");
    lines.push(`--- ${s.name} (experiment ${s.experimentId}) ---`);
    const detail: string[][] = [["call", "raw", "wire", "encoding", "gzip -6", "server ttfb (direct, median of 3)", "total (direct)", "in page: ttfb", "download", "done at"]];
    for (const d of s.direct) {
      const inPage = mid?.calls.find((c) => c.call === d.call);
      detail.push([d.call, bytes(d.bytes), bytes(d.wireBytes), d.encoding, bytes(d.gzipBytes), ms(d.ttfbMs), ms(d.totalMs), ms(inPage?.ttfbMs), ms(inPage?.downloadMs), ms(inPage?.endMs)]);
    }
    lines.push(table(detail, (c) => c !== 0 && c !== 3));
    if (mid) {
      const m = mid.marks;
      const order = [...CHART_IDS, "rows", "curves"].filter((k) => m[k] !== undefined).sort((a, b) => m[a]! - m[b]!);
      lines.push(
        `timeline (median warm run): HTML ttfb ${ms(mid.nav?.responseStart)}, DOMContentLoaded ${ms(mid.nav?.domContentLoaded)}, FCP ${ms(mid.fcp)}, ` +
          `/trials done ${ms(mid.calls.find((c) => c.call === "trials")?.endMs)}; ${order.map((k) => `${k} ${ms(m[k])}`).join(", ")}`,
      );
      lines.push(
        `main thread (Chrome, to ready): script ${ms(mid.chrome.scriptMs)}, layout ${ms(mid.chrome.layoutMs)} (${mid.chrome.layouts} layouts), style ${ms(mid.chrome.styleMs)}, all tasks ${ms(mid.chrome.taskMs)}; renderer CPU ${ms(mid.chrome.cpuMs)}; ` +
          `long tasks before ready ${ms(mid.longTaskMsToReady)}; JS heap ${mid.chrome.heapMB?.toFixed(0)} MB; PC: ${mid.pcStrokes} stroke() calls, ${ms(mid.pcStrokeMs)} inside them` +
          (mid.steady ? `; after ready (live polling, brushed): ${ms(mid.steady.longTaskMs)} of long tasks in ${ms(mid.steady.windowMs)} (${mid.steady.longTasks} tasks)` : ""),
      );
      if (mid.brush) lines.push(`brush: ${ms(mid.brush.responseMs)} (input delay ${ms(mid.brush.inputDelayMs)}, drag down->up ${ms(mid.brush.dragMs)}), ${mid.brush.shown ?? "?"} of ${mid.brush.total ?? "?"} trials shown, ${mid.brush.rows ?? "?"} rows${mid.brush.error ? `; ERROR ${mid.brush.error}` : ""}`);
    }
    for (const r of s.runs) if (r.error) lines.push(`  ${r.kind} run ${r.index}: ERROR ${r.error}`);
    if (s.profile) {
      lines.push(`profile — server work re-run on the same DB file (Node, better-sqlite3, same SQL as lib/db):`);
      for (const st of s.profile.server) lines.push(`  ${ms(st.ms).padStart(8)}  ${st.step}${st.note ? ` (${st.note})` : ""}`);
      lines.push(`profile — the page's data path in Node on the real /trials payload (lib/client code, same V8):`);
      const total = s.profile.client.reduce((a, st) => a + st.ms, 0);
      for (const st of s.profile.client) lines.push(`  ${(st.step.startsWith("memory:") ? "" : ms(st.ms)).padStart(8)}  ${st.step}${st.note ? ` (${st.note})` : ""}`);
      lines.push(`  ${ms(total).padStart(8)}  total`);
      const b = s.profile.browser;
      if (b) {
        lines.push(`profile — V8 CPU profile of one warm load, navigation -> ready (${ms(b.windowMs)}): ${ms(b.totalMs)} sampled non-idle; Chrome: script ${ms(b.chrome.scriptMs)}, layout ${ms(b.chrome.layoutMs)}, style ${ms(b.chrome.styleMs)}, tasks ${ms(b.chrome.taskMs)}`);
        for (const x of b.byScript.slice(0, 9)) lines.push(`  ${ms(x.ms).padStart(8)}  ${x.what}`);
        lines.push("  hottest functions (self time; minified names):");
        for (const x of b.topFunctions.slice(0, 10)) lines.push(`  ${ms(x.ms).padStart(8)}  ${x.what}`);
        const f = b.firstRender;
        if (f) {
          lines.push(`  of which the first render (/trials response ${ms(f.fromMs)} -> first chart ${ms(f.toMs)}): ${ms(f.totalMs)} sampled`);
          for (const x of f.byScript.slice(0, 6)) lines.push(`  ${ms(x.ms).padStart(8)}  ${x.what}`);
        }
      }
      const nl = s.profile.notLive;
      if (nl) {
        lines.push(
          `profile — same trials, sweep finished (no running trials, status completed: no 1.5 s polling), one warm load: first chart ${ms(nl.firstChart)}, interactive ${ms(nl.ready)}, ` +
            `brush ${ms(nl.brushMs)} (input delay ${ms(nl.brushInputDelayMs)}), long tasks in the ${ms(STEADY_WINDOW_MS)} after ${ms(nl.steadyLongTaskMs)}; script ${ms(nl.chrome.scriptMs)}, layout ${ms(nl.chrome.layoutMs)}, style ${ms(nl.chrome.styleMs)}${nl.error ? `; ERROR ${nl.error}` : ""}`,
        );
      }
      const bp = s.profile.brush;
      if (bp) {
        lines.push(`profile — V8 CPU profile of the brush (response ${ms(bp.responseMs)}): ${ms(bp.totalMs)} sampled non-idle; Chrome: script ${ms(bp.chrome.scriptMs)}, layout ${ms(bp.chrome.layoutMs)}, style ${ms(bp.chrome.styleMs)}, tasks ${ms(bp.chrome.taskMs)}`);
        for (const x of bp.byScript.slice(0, 6)) lines.push(`  ${ms(x.ms).padStart(8)}  ${x.what}`);
        lines.push("  hottest functions (self time; minified names):");
        for (const x of bp.topFunctions.slice(0, 6)) lines.push(`  ${ms(x.ms).padStart(8)}  ${x.what}`);
      }
    }
  }
  return lines.join("\n");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
