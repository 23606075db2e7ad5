import type { Locator, Page } from "playwright-core";

export class ExperimentsPage {
  constructor(private readonly page: Page, private readonly baseUrl: string) {}

  async open() {
    await this.page.goto(`${this.baseUrl}/`);
  }

  row(name: string): Locator {
    return this.page.getByTestId("experiment-row").filter({ has: this.page.getByTestId("experiment-link").filter({ hasText: name }) });
  }

  /** Experiment names in the order the list shows them. */
  async names(): Promise<string[]> {
    return this.page.getByTestId("experiment-link").allTextContents();
  }

  async sortBy(column: "name" | "status" | "objective" | "progress" | "running" | "best" | "updated") {
    await this.page.getByTestId(`sort-${column}`).click();
  }

  updatedAt(name: string): Locator {
    return this.row(name).getByTestId("experiment-updated");
  }

  async openExperiment(name: string) {
    await this.row(name).getByTestId("experiment-link").click();
  }
}
