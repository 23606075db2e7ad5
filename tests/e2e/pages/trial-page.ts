import type { Locator, Page } from "playwright-core";

/** A trial's own page, through its data-testids. */
export class TrialPage {
  constructor(private readonly page: Page) {}

  async open(baseUrl: string, experimentId: number, number: number) {
    await this.page.goto(`${baseUrl}/experiments/${experimentId}/trials/${number}`);
    await this.page.getByTestId("trial-detail").waitFor();
  }

  heading(): Locator {
    return this.page.locator('[data-testid="trial-detail"] h1');
  }

  pruned(): Locator {
    return this.page.getByTestId("trial-pruned");
  }

  prunedStep(): Locator {
    return this.page.getByTestId("pruned-step");
  }

  prunedThreshold(): Locator {
    return this.page.getByTestId("pruned-threshold");
  }

  prunedReason(): Locator {
    return this.page.getByTestId("pruned-reason");
  }

  async setXAxis(label: "Step" | "Relative" | "Wall") {
    await this.page.getByTestId("scalar-x-axis").getByRole("radio", { name: label }).click();
  }

  async xAxis(): Promise<string | null> {
    return this.page.getByTestId("scalar-x-axis").locator('[aria-checked="true"]').textContent();
  }

  logY(): Locator {
    return this.page.getByTestId("scalar-log-y");
  }

  timing(): Locator {
    return this.page.getByTestId("trial-timing");
  }

  commandLine(): Locator {
    return this.page.getByTestId("trial-command-line");
  }

  commandHost(): Locator {
    return this.page.getByTestId("trial-command-host");
  }

  commandCwd(): Locator {
    return this.page.getByTestId("trial-command-cwd");
  }

  outputLines(): Locator {
    return this.page.getByTestId("trial-output-line");
  }

  outputStatus(): Locator {
    return this.page.getByTestId("trial-output-status");
  }

  outputDropped(): Locator {
    return this.page.getByTestId("trial-output-dropped");
  }

  /** The texts of the output lines, stderr ones prefixed "err " as the panel marks them. */
  async outputTexts(): Promise<string[]> {
    return this.outputLines().evaluateAll((els) => els.map((el) => `${el.getAttribute("data-stream") === "stderr" ? "err " : ""}${el.lastChild?.textContent ?? ""}`));
  }

  summaryValue(metric: string): Locator {
    return this.page.getByTestId(`summary-metric-${metric}`).getByTestId("summary-metric-value");
  }

  chart(metric: string): Locator {
    return this.page.getByTestId(`trial-metric-${metric}`);
  }
}
