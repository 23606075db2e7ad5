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

  /** The tags shown as chips in a sweep's row. */
  tags(name: string): Promise<string[]> {
    return this.row(name).getByTestId("tag-chip").allTextContents();
  }

  async clickTag(name: string, tag: string) {
    await this.row(name).locator(`[data-testid="tag-chip"][data-tag="${tag}"]`).click();
  }

  /** Types a tag into the filter field and presses Enter. */
  async filterByTag(tag: string) {
    await this.page.getByTestId("tag-filter-input").fill(tag);
    await this.page.getByTestId("tag-filter-input").press("Enter");
  }

  activeTagFilters(): Promise<string[]> {
    return this.page.getByTestId("tag-filter-chip").evaluateAll((els) => els.map((e) => e.getAttribute("data-tag") ?? ""));
  }

  async removeTagFilter(tag: string) {
    await this.page.locator(`[data-testid="tag-filter-chip"][data-tag="${tag}"]`).click();
  }

  tagFilterError(): Locator {
    return this.page.getByTestId("tag-filter-error");
  }

  async openExperiment(name: string) {
    await this.row(name).getByTestId("experiment-link").click();
  }
}
