import type { Locator, Page } from "playwright-core";

/** The notes-and-tags panel of a sweep's or a trial's page, through its data-testids. */
export class NotesPanel {
  constructor(private readonly page: Page) {}

  root(): Locator {
    return this.page.getByTestId("notes-panel");
  }

  rendered(): Locator {
    return this.root().getByTestId("notes-rendered");
  }

  tags(): Promise<string[]> {
    return this.root().getByTestId("notes-tags").getByTestId("tag-chip").allTextContents();
  }

  error(): Locator {
    return this.root().getByTestId("notes-error");
  }

  /** Opens the editor, types the note and the tags (either left as they are when undefined) and saves. */
  async edit(opts: { note?: string; tags?: string }) {
    await this.root().getByTestId("notes-edit").click();
    if (opts.note !== undefined) await this.root().getByTestId("notes-textarea").fill(opts.note);
    if (opts.tags !== undefined) await this.root().getByTestId("notes-tags-input").fill(opts.tags);
    await this.root().getByTestId("notes-save").click();
  }

  /** Waits for the editor to close after a Save that worked. */
  async saved() {
    await this.root().getByTestId("notes-textarea").waitFor({ state: "detached" });
  }
}
