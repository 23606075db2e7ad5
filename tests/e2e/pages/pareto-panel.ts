import type { Locator, Page } from "playwright-core";

/** The experiment page's Pareto section and objective selector, through their data-testids. */
export class ParetoPanel {
  constructor(private readonly page: Page) {}

  plot(testId = "pareto-plot"): Locator {
    return this.page.getByTestId(testId);
  }

  /** Trial numbers of the plotted points by kind (front, feasible, infeasible, pruned). */
  async points(testId = "pareto-plot"): Promise<Record<string, number[]>> {
    const all = await this.plot(testId)
      .locator('[data-testid="pareto-point"]')
      .evaluateAll((els) => els.map((e) => ({ trial: Number(e.getAttribute("data-trial")), kind: e.getAttribute("data-kind") ?? "" })));
    const out: Record<string, number[]> = {};
    for (const p of all) (out[p.kind] ??= []).push(p.trial);
    for (const list of Object.values(out)) list.sort((a, b) => a - b);
    return out;
  }

  point(trial: number, testId = "pareto-plot"): Locator {
    return this.plot(testId).locator(`[data-testid="pareto-point"][data-trial="${trial}"]`);
  }

  /** The line through the front's points (Recharts draws a Scatter's line as a curve path). */
  frontLine(): Locator {
    return this.plot().locator(".pareto-front path.recharts-curve");
  }

  /** The front's table: trial numbers in listed order, and each row's link. */
  async listedFront(): Promise<number[]> {
    return this.page.getByTestId("pareto-front-row").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-trial-number"))));
  }

  frontLink(trial: number): Locator {
    return this.page.locator(`[data-testid="pareto-front-row"][data-trial-number="${trial}"] [data-testid="pareto-front-link"]`);
  }

  tooltip(): Locator {
    return this.plot().locator(".recharts-tooltip-wrapper");
  }

  objectiveSelect(): Locator {
    return this.page.getByTestId("objective-select");
  }

  /** What the slice plot's subtitle and the parallel coordinates' objective axis name as the objective. */
  async otherCharts(): Promise<{ slice: string; parallel: string }> {
    return {
      slice: (await this.page.getByTestId("slice-plot").locator("header p").textContent()) ?? "",
      parallel: (await this.page.getByTestId("pc-axis-__objective__").textContent()) ?? "",
    };
  }

  /** The objective chart's subtitle ("<metric> · lower is better") and its y axis title. */
  async objectiveChart(): Promise<{ subtitle: string; labels: string[] }> {
    const chart = this.page.getByTestId("loss-over-trials");
    return { subtitle: (await chart.locator("header p").textContent()) ?? "", labels: await chart.locator(".recharts-label").allTextContents() };
  }
}
