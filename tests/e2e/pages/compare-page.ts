import type { Locator, Page } from "playwright-core";

/** The compare page, through its data-testids. */
export class ComparePage {
  constructor(private readonly page: Page) {}

  async open(baseUrl: string, ids: number[], query = "") {
    await this.page.goto(`${baseUrl}/compare?ids=${ids.join(",")}${query}`);
    await this.page.getByTestId("compare-best").waitFor();
  }

  logY(): Locator {
    return this.page.getByTestId("compare-log-y");
  }

  fullRange(): Locator {
    return this.page.getByTestId("compare-full-range");
  }

  outliers(): Locator {
    return this.page.getByTestId("compare-outliers");
  }

  /** The y-axis tick labels of the best-so-far chart, as numbers. */
  async yTicks(): Promise<number[]> {
    const chart = this.page.locator('[data-testid="compare-best"] .recharts-wrapper').first();
    const texts = await chart.locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value").allTextContents();
    return texts.map(Number).filter(Number.isFinite);
  }
}
