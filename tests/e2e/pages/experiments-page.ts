import type { Locator, Page } from "playwright-core";

export class ExperimentsPage {
  constructor(private readonly page: Page, private readonly baseUrl: string) {}

  async open() {
    await this.page.goto(`${this.baseUrl}/`);
  }

  row(name: string): Locator {
    return this.page.getByTestId("experiment-row").filter({ has: this.page.getByTestId("experiment-link").filter({ hasText: name }) });
  }

  async openExperiment(name: string) {
    await this.row(name).getByTestId("experiment-link").click();
  }
}
