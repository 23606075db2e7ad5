import type { Locator, Page } from "playwright-core";

export class ExperimentPage {
  constructor(private readonly page: Page) {}

  title(): Locator {
    return this.page.getByTestId("experiment-name");
  }

  trialRows(): Locator {
    return this.page.getByTestId("trial-row");
  }

  trialRow(number: number): Locator {
    return this.page.locator(`[data-testid="trial-row"][data-trial-number="${number}"]`);
  }
}
