import type { Locator, Page } from "playwright-core";

/** The Workers page and the experiment page's Launch panel, through their data-testids. */
export class WorkersPage {
  constructor(private readonly page: Page) {}

  async open(baseUrl: string) {
    await this.page.goto(`${baseUrl}/workers`);
    await this.page.getByTestId("workers-page").waitFor();
  }

  row(name: string): Locator {
    return this.page.getByTestId("worker-row").filter({ hasText: name });
  }

  busy(name: string): Locator {
    return this.row(name).getByTestId("worker-busy");
  }

  status(name: string): Locator {
    return this.row(name).getByTestId("worker-status");
  }
}

export class LaunchPanel {
  constructor(private readonly page: Page) {}

  panel(): Locator {
    return this.page.getByTestId("launch-panel");
  }

  async launch(slots: number) {
    await this.page.getByTestId("launch-slots").fill(String(slots));
    await this.page.getByTestId("launch-button").click();
  }

  async takeBack() {
    await this.page.getByTestId("recall-button").click();
  }

  message(): Locator {
    return this.page.getByTestId("launch-message");
  }

  heldSlots(): Locator {
    return this.page.getByTestId("launch-slot");
  }

  command(): Locator {
    return this.page.getByTestId("experiment-command");
  }
}
