import type { Locator, Page } from "playwright-core";

/** The new-sweep form at /experiments/new, through its data-testid hooks. */
export class NewSweepPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async open() {
    await this.page.goto(`${this.baseUrl}/experiments/new`);
  }

  private byId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  form = () => this.byId("new-sweep-form");
  name = () => this.byId("sweep-name");
  command = () => this.byId("sweep-command");
  objectiveMetric = () => this.byId("objective-metric");
  objectiveDirection = () => this.byId("objective-direction");
  samplerType = () => this.byId("sampler-type");
  samplerSettings = () => this.byId("sampler-settings");
  prunerType = () => this.byId("pruner-type");
  prunerSettings = () => this.byId("pruner-settings");
  maxTrials = () => this.byId("max-trials");
  maxParallel = () => this.byId("max-parallel");
  maxRetries = () => this.byId("max-retries");
  spaceFormat = () => this.byId("space-format");
  spaceEditor = () => this.byId("space-editor");
  spaceIssues = () => this.byId("space-issues").getByTestId("space-issue");
  previewSampleRows = () => this.byId("preview-samples").getByTestId("preview-sample");
  previewSamples = () => this.byId("preview-samples");
  createButton = () => this.byId("create-sweep");
  wandbWarnings = () => this.byId("wandb-warnings").locator("li");
  formError = () => this.byId("form-error");
  createdPanel = () => this.byId("created-panel");
  agentCommand = () => this.byId("agent-command");
  remoteAgentCommand = () => this.byId("remote-agent-command");
  pythonInstallCommand = () => this.byId("python-install-command");
  curlExample = () => this.byId("curl-example");
  experimentLink = () => this.createdPanel().getByTestId("experiment-link");

  spaceIssue(path: string): Locator {
    return this.page.locator(`[data-testid="space-issue"][data-path="${path}"]`);
  }

  /** An issue shown beside a field other than the space (sampler, pruner, name, ...). */
  fieldIssue(path: string): Locator {
    return this.page.locator(`[data-testid="field-issue"][data-path="${path}"]`);
  }

  markedLines(): Promise<string[]> {
    return this.page.locator('[data-testid="space-line-mark"]').evaluateAll((els) => els.map((el) => el.getAttribute("data-line") ?? ""));
  }

  async typeSpace(text: string) {
    await this.spaceEditor().fill(text);
  }

  async create() {
    await this.createButton().click();
  }
}
