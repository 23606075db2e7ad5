// What runs inside the page. Kept as plain JavaScript strings: functions passed through tsx (esbuild
// with keepNames) would carry `__name(...)` helpers that do not exist in the browser.
//
// The probe is installed with page.addInitScript, so it runs before any of the app's scripts. Every
// animation frame it checks a list of conditions and stamps performance.now() the first time each one
// holds. performance.now() is relative to the navigation start (performance.timeOrigin), so a stamp is
// "milliseconds from navigation start to the first frame in which this was on the page". A stamp is
// taken in a requestAnimationFrame callback, i.e. just before that frame's style/layout/paint: the
// content is painted in that same frame (within ~1 frame, 16 ms, of the stamp). While the main thread
// is blocked no frame runs, so a stamp can never precede the work that produced the content.

export const CHART_IDS = ["loss-over-trials", "parallel-coordinates", "param-importance", "slice-plot", "scalar-chart"] as const;

export const CHART_DEFINITIONS: Record<(typeof CHART_IDS)[number], string> = {
  "loss-over-trials": "its canvas has drawn markers (canvas[data-points], set after the draw) inside [data-testid=loss-over-trials]",
  "parallel-coordinates": "a stroke() on a <canvas> inside [data-testid=parallel-coordinates] has returned (the trial polylines)",
  "param-importance": "a [data-testid=param-importance-row] bar",
  "slice-plot": "its canvas has drawn markers (canvas[data-points], set after the draw) inside [data-testid=slice-plot]",
  "scalar-chart": "a smoothed curve ([data-testid=scalar-chart] path[data-trial])",
};

export const PROBE_SCRIPT = `(() => {
  if (window.__bench) return;
  const S = (window.__bench = { marks: {}, counts: {}, pcStrokes: 0, pcStrokeMs: 0, frames: 0, longTasks: [], watch: [], input: {} });
  const mark = (k) => { if (S.marks[k] === undefined) S.marks[k] = performance.now(); };
  S.mark = mark;
  const stroke = CanvasRenderingContext2D.prototype.stroke;
  CanvasRenderingContext2D.prototype.stroke = function (...args) {
    const t = performance.now();
    const out = stroke.apply(this, args);
    try {
      const c = this.canvas;
      if (c && c.isConnected && c.closest('[data-testid="parallel-coordinates"]')) {
        S.pcStrokes++;
        S.pcStrokeMs += performance.now() - t;
      }
    } catch (e) {}
    return out;
  };
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) S.longTasks.push([e.startTime, e.duration]); }).observe({ type: "longtask", buffered: true });
  } catch (e) {}
  for (const type of ["pointerdown", "pointermove", "pointerup"]) {
    window.addEventListener(type, (e) => {
      if (type === "pointermove" && !e.buttons) return;
      S.input[type] = { timeStamp: e.timeStamp, handledAt: performance.now() };
    }, { capture: true });
  }
  // Cheap checks only: a condition already stamped is not looked at again, and searches start from the
  // chart's root (found early in document order, before the table), so a page holding 100,000 table rows
  // does not pay a full-document search every frame.
  // A chart root is found by a breadth-first walk of the experiment view's top 6 levels (a few hundred
  // elements at most), never by a document-wide search: before a chart exists (importance, for instance)
  // that search would walk every node of a large page in every frame.
  const roots = {};
  const root = (id) => {
    const hit = roots[id];
    if (hit && hit.isConnected) return hit;
    let view = roots["experiment-view"];
    if (!view || !view.isConnected) view = roots["experiment-view"] = document.querySelector('[data-testid="experiment-view"]');
    if (!view || id === "experiment-view") return view;
    let level = [view];
    for (let depth = 0; depth < 6 && level.length; depth++) {
      const next = [];
      for (const el of level) {
        for (const c of el.children) {
          if (c.getAttribute("data-testid") === id) return (roots[id] = c);
          if (c.namespaceURI === "http://www.w3.org/1999/xhtml") next.push(c);
        }
      }
      level = next;
    }
    return null;
  };
  const inRoot = (id, sel) => { const r = root(id); return r ? r.querySelector(sel) : null; };
  const drawn = (c) => !!c && Number(c.getAttribute("data-points")) > 0;
  S.root = root;
  S.inRoot = inRoot;
  const CHECKS = [
    ["loss-over-trials", () => drawn(inRoot("loss-over-trials", "canvas[data-points]"))],
    ["parallel-coordinates", () => S.pcStrokes > 0],
    ["param-importance", () => inRoot("param-importance", '[data-testid="param-importance-row"]')],
    ["slice-plot", () => drawn(inRoot("slice-plot", "canvas[data-points]"))],
    ["scalar-chart", () => inRoot("scalar-chart", "path[data-trial]")],
    ["rows", () => inRoot("trials-section", '[data-testid="trial-row"]')],
  ];
  function check() {
    for (const [k, fn] of CHECKS) if (S.marks[k] === undefined && fn()) mark(k);
    if (S.expectCurves && S.marks.curves === undefined) {
      const r = root("scalar-chart");
      const n = r ? r.querySelectorAll("path[data-trial]").length : 0;
      S.counts.curves = n;
      if (n >= S.expectCurves) mark("curves");
    }
    for (const w of S.watch) {
      if (S.marks[w.name] !== undefined) continue;
      try { if (w.fn()) mark(w.name); } catch (e) {}
    }
  }
  function loop() {
    S.frames++;
    check();
    requestAnimationFrame(loop);
  }
  requestAnimationFrame(loop);
})();`;

/** Sets how many scalar curves count as "all drawn" (the scalar experiment). */
export const expectCurvesScript = (n: number) => `(() => { window.__bench.expectCurves = ${n}; })()`;

/** True once every chart and the first table row have been stamped. */
export const READY_EXPR = `(() => { const m = window.__bench && window.__bench.marks; return !!m && ${JSON.stringify([...CHART_IDS, "rows"])}.every((k) => m[k] !== undefined); })()`;

/** Page facts at the moment of the call. */
export const SNAPSHOT_EXPR = `(() => {
  const S = window.__bench;
  const nav = performance.getEntriesByType("navigation")[0];
  const paints = Object.fromEntries(performance.getEntriesByType("paint").map((p) => [p.name, p.startTime]));
  const res = performance.getEntriesByType("resource").filter((r) => r.name.includes("/api/")).map((r) => ({
    url: r.name.replace(location.origin, ""), start: r.startTime, requestStart: r.requestStart, responseStart: r.responseStart, responseEnd: r.responseEnd,
    encoded: r.encodedBodySize, decoded: r.decodedBodySize,
  }));
  const section = S.root("trials-section");
  const countLine = section && section.querySelector('[data-testid="trials-count"]');
  return {
    marks: S.marks, counts: S.counts, frames: S.frames, pcStrokes: S.pcStrokes, pcStrokeMs: S.pcStrokeMs,
    longTasks: S.longTasks, input: S.input,
    nav: nav ? { responseStart: nav.responseStart, responseEnd: nav.responseEnd, domInteractive: nav.domInteractive, domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd, transferSize: nav.transferSize, decoded: nav.decodedBodySize } : null,
    paints, resources: res,
    rows: section ? section.querySelectorAll('[data-testid="trial-row"]').length : 0,
    tableCount: countLine ? countLine.textContent : null,
    domNodes: document.getElementsByTagName("*").length,
    now: performance.now(),
  };
})()`;

/**
 * Installs the "brush applied" watcher: the brush summary reads "Showing N of M" (N < M) and the trials
 * table has taken the brushed trials: its count line reads "x of N trials" (the virtualized table), or,
 * for a plain table without that line, its body re-rendered (N rows, or a row count other than before).
 */
export const BRUSH_WATCH_SCRIPT = `(() => {
  const S = window.__bench;
  const section = () => S.root("trials-section");
  const tbody = () => { const r = section(); return r ? r.querySelector("tbody") : null; };
  const countLine = () => { const r = section(); return r ? r.querySelector('[data-testid="trials-count"]') : null; };
  // The summary is a direct child of the experiment view: look there, not through the whole document.
  const summary = () => { const v = S.root("experiment-view"); if (!v) return null; for (const c of v.children) if (c.getAttribute("data-testid") === "brush-summary") return c; return null; };
  const num = (x) => Number(String(x).replace(/,/g, ""));
  S.rowsBeforeBrush = tbody() ? tbody().childElementCount : -1;
  delete S.marks.brushed;
  S.watch.push({ name: "brushed", fn: () => {
    const el = summary();
    if (!el) return false;
    const m = /Showing ([\\d,]+) of ([\\d,]+)/.exec(el.textContent || "");
    if (!m) return false;
    const shown = num(m[1]);
    const total = num(m[2]);
    S.counts.brushShown = shown; S.counts.brushTotal = total;
    if (!(shown < total)) return false;
    const line = countLine();
    if (line) {
      const c = /([\\d,]+) of ([\\d,]+) trials/.exec(line.textContent || "");
      S.counts.brushRows = c ? num(c[2]) : -1;
      return !!c && num(c[2]) === shown;
    }
    const rows = tbody() ? tbody().childElementCount : 0;
    S.counts.brushRows = rows;
    return rows === shown || rows !== S.rowsBeforeBrush;
  } });
  return S.rowsBeforeBrush;
})()`;

/**
 * Changes the smoothing slider the way a user's drag does (native value setter + an input event, which
 * React's onChange listens to) and watches for every curve's path to change. Returns the start stamp.
 */
export const smoothingChangeScript = (value: number, expect: number) => `(() => {
  const S = window.__bench;
  const paths = () => { const r = S.root("scalar-chart"); return r ? r.querySelectorAll("path[data-trial]") : []; };
  const before = [...paths()].map((p) => p.getAttribute("d"));
  const key = "smoothed-" + ${JSON.stringify(String(value))};
  S.watch.push({ name: key, fn: () => {
    const now = [...paths()];
    if (now.length < ${expect}) return false;
    return now[0].getAttribute("d") !== before[0] && now[now.length - 1].getAttribute("d") !== before[before.length - 1];
  } });
  const el = document.querySelector('[data-testid="smoothing-slider"]');
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
  const t0 = performance.now();
  setter.call(el, ${JSON.stringify(String(value))});
  el.dispatchEvent(new Event("input", { bubbles: true }));
  return { key, t0, dispatchMs: performance.now() - t0 };
})()`;
