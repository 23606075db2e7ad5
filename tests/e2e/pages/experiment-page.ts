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

  async screenshot(path: string) {
    await this.page.screenshot({ path, fullPage: true });
  }
}
