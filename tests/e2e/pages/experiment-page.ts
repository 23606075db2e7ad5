import type { Locator, Page } from "playwright-core";

/** The experiment page, through its data-testids. */
export class ExperimentPage {
  constructor(private readonly page: Page) {}

  async open(baseUrl: string, id: number) {
    await this.page.goto(`${baseUrl}/experiments/${id}`);
    await this.page.getByTestId("experiment-view").waitFor();
  }

  title(): Locator {
    return this.page.getByTestId("experiment-name");
  }

  description(): Locator {
    return this.page.getByTestId("experiment-description");
  }

  /** "Sampler: tpe (multivariate, ...)"; clicking it opens the resolved settings as JSON. */
  algorithmLine(kind: "sampler" | "pruner"): Locator {
    return this.page.getByTestId(`experiment-${kind}`);
  }

  algorithmJson(kind: "sampler" | "pruner"): Locator {
    return this.page.getByTestId(`experiment-${kind}-json`);
  }

  progress(): Locator {
    return this.page.getByTestId("experiment-progress").first();
  }

  trialRows(): Locator {
    return this.page.getByTestId("trial-row");
  }

  trialRow(number: number): Locator {
    return this.page.locator(`[data-testid="trial-row"][data-trial-number="${number}"]`);
  }

  controls(): Locator {
    return this.page.getByTestId("experiment-controls");
  }

  brushSummary(): Locator {
    return this.page.getByTestId("brush-summary");
  }

  /** Drags along a parallel-coordinates axis from `from` to `to` (0 = bottom, 1 = top of the axis box). */
  async brushAxis(key: string, from: number, to: number) {
    const axis = this.page.getByTestId(`pc-axis-${key}`);
    await axis.scrollIntoViewIfNeeded();
    const box = await axis.boundingBox();
    if (!box) throw new Error(`axis ${key} is not visible`);
    // The axis group spans its labels above the line: stay within the lower 80% of it.
    const top = box.y + box.height * 0.25;
    const bottom = box.y + box.height * 0.95;
    const y = (p: number) => bottom - (bottom - top) * p;
    const x = box.x + box.width / 2;
    await this.page.mouse.move(x, y(from));
    await this.page.mouse.down();
    await this.page.mouse.move(x, y((from + to) / 2), { steps: 4 });
    await this.page.mouse.move(x, y(to), { steps: 4 });
    await this.page.mouse.up();
  }

  smoothingSlider(): Locator {
    return this.page.getByTestId("smoothing-slider");
  }

  /** The `d` attribute of every smoothed curve in the scalar chart. */
  async curvePaths(): Promise<string[]> {
    return this.page.locator('[data-testid="scalar-chart"] path[data-trial]').evaluateAll((els) => els.map((e) => e.getAttribute("d") ?? ""));
  }

  /** The scalar chart's legend: each shown curve's trial number and colour, and the axis titles. */
  async scalarLegend(): Promise<Array<{ trial: number; color: string }>> {
    return this.page.getByTestId("scalar-legend-item").evaluateAll((els) => els.map((e) => ({ trial: Number(e.getAttribute("data-trial")), color: e.getAttribute("data-color") ?? "" })));
  }

  /** The stroke colour of each smoothed curve, by trial number. */
  async curveColors(): Promise<Record<string, string>> {
    return this.page.locator('[data-testid="scalar-chart"] path[data-trial]').evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute("data-trial") ?? "", e.getAttribute("stroke") ?? ""])));
  }

  async scalarAxisTitles(): Promise<string[]> {
    return this.page.locator('[data-testid="scalar-chart"] .recharts-label').allTextContents();
  }

  async setSmoothing(value: number) {
    await this.smoothingSlider().fill(String(value));
  }

  async share(): Promise<string> {
    await this.page.getByTestId("share-button").click();
    await this.page.getByTestId("share-create").click();
    const input = this.page.getByTestId("share-url");
    await input.waitFor();
    return input.inputValue();
  }

  bestTrial(): Locator {
    return this.page.getByTestId("best-trial");
  }

  /** Number, value, parameters (name -> shown value) and link of the best-trial card. */
  async bestTrialFacts(): Promise<{ number: string; value: string; params: Record<string, string>; href: string | null }> {
    const card = this.bestTrial();
    await card.waitFor();
    await card.getByTestId("best-trial-params").waitFor();
    const params: Record<string, string> = {};
    for (const row of await card.getByTestId("best-trial-param").all()) params[(await row.getAttribute("data-param")) ?? ""] = (await row.locator("dd").textContent()) ?? "";
    return {
      number: (await card.getByTestId("best-trial-number").textContent()) ?? "",
      value: (await card.getByTestId("best-trial-value").textContent()) ?? "",
      params,
      href: await card.getByTestId("best-trial-link").getAttribute("href"),
    };
  }

  async showBestInCharts() {
    await this.bestTrial().getByTestId("best-trial-show").click();
  }

  /** How many pruned trials the parallel coordinates draw (dashed). */
  async parallelPrunedCount(): Promise<number> {
    return Number(await this.page.getByTestId("pc-selected").getAttribute("data-pruned"));
  }

  slicePrunedLegend(): Locator {
    return this.page.getByTestId("slice-pruned");
  }

  lossLegend(): Locator {
    return this.page.getByTestId("loss-over-trials");
  }

  curveCount(): Locator {
    return this.page.getByTestId("curve-count");
  }

  /** Trial numbers of the dashed (pruned) curves, and of their end markers, in the scalar chart. */
  async prunedCurves(): Promise<{ curves: string[]; ends: string[] }> {
    const chart = this.page.getByTestId("scalar-chart");
    const curves = await chart.locator("path[data-pruned]").evaluateAll((els) => els.map((e) => e.getAttribute("data-trial") ?? ""));
    const ends = await chart.getByTestId("scalar-pruned-end").evaluateAll((els) => els.map((e) => e.getAttribute("data-trial") ?? ""));
    return { curves: curves.sort(), ends: ends.sort() };
  }

  /** The value cell of a trial's table row and the "@step" it shows for a pruned trial. */
  async tableValue(number: number): Promise<{ value: string; step: string | null }> {
    const cell = this.trialRow(number).getByTestId("trial-value");
    const step = cell.getByTestId("trial-last-step");
    const stepText = (await step.count()) > 0 ? await step.textContent() : null;
    const all = (await cell.textContent()) ?? "";
    return { value: stepText ? all.slice(0, all.length - stepText.length) : all, step: stepText };
  }

  /** Picks "Trial #" or "Time" on the objective chart's x axis. */
  async setLossXMode(label: "Trial #" | "Time") {
    await this.page.getByTestId("loss-x-mode").getByRole("radio", { name: label }).click();
  }

  async lossXMode(): Promise<string | null> {
    return this.page.getByTestId("loss-x-mode").locator('[aria-checked="true"]').textContent();
  }

  lossLogY(): Locator {
    return this.page.getByTestId("loss-log-y");
  }

  controlButton(name: "resume" | "pause" | "finish" | "extend"): Locator {
    return this.page.getByTestId(`${name}-button`);
  }

  status(): Locator {
    return this.page.locator('[data-testid="experiment-name"] [data-testid="status"]');
  }

  async screenshot(path: string) {
    await this.page.screenshot({ path, fullPage: true });
  }

  /** The Suggest panel: asks the optimizer for the next configurations without creating trials. */
  async suggest(count: number): Promise<void> {
    await this.page.getByTestId("suggest-count").fill(String(count));
    await this.page.getByTestId("suggest-button").click();
  }

  suggestions(): Locator {
    return this.page.getByTestId("suggestion");
  }

  suggestError(): Locator {
    return this.page.getByTestId("suggest-error");
  }

  /** The focusable brush handle of a parallel-coordinates axis (keyboard brushing). */
  axisHandle(key: string): Locator {
    return this.page.getByTestId(`pc-axis-handle-${key}`);
  }

  /** The tick labels of a parallel-coordinates axis, bottom to top as drawn. */
  async axisTickLabels(key: string): Promise<string[]> {
    return this.page.getByTestId(`pc-axis-${key}`).locator("g > text").allTextContents();
  }

  parallelSelection(): Locator {
    return this.page.getByTestId("pc-selected");
  }

  /** The computed fill of a parallel-coordinates axis's name and of the loss chart's first tick, as "rgb(r, g, b)". */
  async chartTextFills(key: string): Promise<{ axisName: string; tick: string }> {
    const fill = (l: Locator) => l.evaluate((el) => getComputedStyle(el).fill);
    return {
      axisName: await fill(this.page.getByTestId(`pc-axis-name-${key}`)),
      tick: await fill(this.page.locator('[data-testid="loss-over-trials"] .recharts-cartesian-axis-tick-value').first()),
    };
  }

  /** A scatter chart's canvas box and Recharts' plot area (its clip rectangle), both relative to the chart's SVG. */
  async scatterBoxes(testId: "loss-plot" | "slice-canvas"): Promise<{ canvas: number[]; plot: number[] }> {
    const chart = this.page.getByTestId(testId);
    await chart.locator("canvas[data-points]").waitFor();
    return chart.evaluate((root) => {
      const svg = (root.querySelector("svg.recharts-surface") as SVGSVGElement).getBoundingClientRect();
      const c = (root.querySelector("canvas") as HTMLCanvasElement).getBoundingClientRect();
      const clip = root.querySelector("clipPath rect") as SVGRectElement;
      const at = (name: string) => Number(clip.getAttribute(name));
      return { canvas: [c.left - svg.left, c.top - svg.top, c.width, c.height], plot: [at("x"), at("y"), at("width"), at("height")] };
    });
  }

  /**
   * Moves the pointer to where a scatter chart ("loss-plot" or "slice-canvas") draws the data point (x, y), placed
   * through the axes' own tick labels (the first and last tick of each axis, in log space for a log axis), and
   * returns what its tooltip then says, with the hover ring's trial.
   */
  async hoverScatter(testId: "loss-plot" | "slice-canvas", x: number, y: number, log: { x?: boolean; y?: boolean } = {}): Promise<string> {
    const chart = this.page.getByTestId(testId);
    await chart.scrollIntoViewIfNeeded();
    await chart.locator("canvas[data-points]").waitFor();
    const at = await chart.evaluate(
      (root, { x, y, logX, logY }) => {
        const svg = root.querySelector("svg.recharts-surface") as SVGSVGElement;
        const ticks = (axis: string, attr: "x" | "y") =>
          [...root.querySelectorAll(`.${axis}-tick-labels .recharts-cartesian-axis-tick-value`)].map((t) => ({ value: Number(t.textContent), pos: Number(t.getAttribute(attr)) })).filter((t) => Number.isFinite(t.value));
        const place = (list: Array<{ value: number; pos: number }>, v: number, isLog: boolean) => {
          const f = (u: number) => (isLog ? Math.log10(u) : u);
          const a = list[0]!;
          const b = list[list.length - 1]!;
          return a.pos + ((f(v) - f(a.value)) / (f(b.value) - f(a.value))) * (b.pos - a.pos);
        };
        const box = svg.getBoundingClientRect();
        return { left: box.left + place(ticks("recharts-xAxis", "x"), x, logX), top: box.top + place(ticks("recharts-yAxis", "y"), y, logY) };
      },
      { x, y, logX: log.x ?? false, logY: log.y ?? false },
    );
    await this.page.mouse.move(at.left, at.top);
    const tooltip = this.page.getByTestId(`${testId}-tooltip`);
    await tooltip.waitFor();
    return (await tooltip.textContent()) ?? "";
  }

  /** The draggable label of a parallel-coordinates axis (reordering). */
  axisLabel(key: string): Locator {
    return this.page.getByTestId(`pc-axis-label-${key}`);
  }

  /** The parallel-coordinates axes' keys, left to right as drawn. */
  async axisOrder(): Promise<string[]> {
    return this.page.locator('g[data-testid^="pc-axis-"]').evaluateAll((groups) =>
      groups
        .map((g) => ({ key: (g.getAttribute("data-testid") ?? "").slice("pc-axis-".length), x: Number(g.querySelector("line")?.getAttribute("x1")) }))
        .sort((a, b) => a.x - b.x)
        .map((a) => a.key),
    );
  }

  /** Drags an axis label sideways by `dx` pixels. */
  async dragAxisLabel(key: string, dx: number) {
    await this.axisLabel(key).scrollIntoViewIfNeeded();
    const box = await this.axisLabel(key).boundingBox();
    if (!box) throw new Error(`axis label ${key} is not visible`);
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + dx / 2, y, { steps: 4 });
    await this.page.mouse.move(x + dx, y, { steps: 4 });
    await this.page.mouse.up();
  }

  parallelPlot(): Locator {
    return this.page.getByTestId("pc-plot");
  }

  parallelTooltip(): Locator {
    return this.page.getByTestId("pc-tooltip");
  }

  parallelHoverLine(): Locator {
    return this.page.getByTestId("pc-hover-line");
  }
}
