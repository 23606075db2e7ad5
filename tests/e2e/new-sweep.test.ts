import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PRUNER_DEFAULTS, SAMPLER_DEFAULTS, TPE_DEFAULTS } from "../../lib/optimizer";
import { ExperimentPage } from "./pages/experiment-page";
import { NewSweepPage } from "./pages/new-sweep-page";
import { apiClient } from "./support/api";
import { launchBrowser } from "./support/browser";
import { startApp, type AppServer } from "./support/server";
import { CNN, GRID, TRANSFORMER } from "../support/wandb-configs";

let app: AppServer;
let browser: Browser;

beforeAll(async () => {
  app = await startApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

const space = (adamLow: string) => `optimizer:
  type: choice
  options:
    - value: sgd
      params:
        lr: {type: loguniform, low: 1.0e-4, high: 1.0}
    - value: adam
      params:
        lr:
          type: loguniform
          low: ${adamLow}
          high: 1.0e-2
layers: {type: int, low: 1, high: 4}
`;

const live = { timeout: 10_000 };

/** Extra screenshots of intermediate states, only when asked for (SWEEPBOARD_E2E_SHOTS=dir). */
async function debugShot(page: Page, name: string) {
  const dir = process.env.SWEEPBOARD_E2E_SHOTS;
  if (dir) await page.screenshot({ path: join(dir, name), fullPage: true });
}

describe("creating a sweep from the browser", () => {
  it("validates the space live at its path, previews samples, creates the sweep and shows the agent command", async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const form = new NewSweepPage(page, app.url);
    await form.open();

    // The example space is valid: samples appear without typing anything.
    await expect.poll(() => form.previewSampleRows().count(), live).toBe(5);

    // A log scale cannot start at 0: the issue names the path inside the choice option and marks line 11.
    await form.typeSpace(space("0"));
    const path = "space.optimizer.options[1].params.lr.low";
    await expect.poll(() => form.spaceIssue(path).count(), live).toBe(1);
    expect(await form.spaceIssue(path).textContent()).toContain("must be > 0 for a log scale");
    expect(await form.spaceIssue(path).getAttribute("data-line")).toBe("11");
    expect(await form.markedLines()).toEqual(["11"]);
    expect(await form.previewSampleRows().count()).toBe(0);

    // Sampler and pruner settings are validated by the same preview, at their own fields.
    // Picking a type shows the engine's own defaults, the ones the API would fill in.
    await form.samplerType().selectOption("tpe");
    expect(JSON.parse(await form.samplerSettings().inputValue())).toEqual(SAMPLER_DEFAULTS.tpe);
    await form.samplerSettings().fill('{"nStartupTrials": -1}');
    await form.prunerType().selectOption("median");
    const { percentile: _fixed, ...median } = PRUNER_DEFAULTS.median;
    expect(JSON.parse(await form.prunerSettings().inputValue())).toEqual(median);
    await form.prunerSettings().fill('{"nWarmupSteps": "ten"}');
    await expect.poll(() => form.fieldIssue("sampler.nStartupTrials").count(), live).toBe(1);
    await expect.poll(() => form.fieldIssue("pruner.nWarmupSteps").count(), live).toBe(1);
    await debugShot(page, "new-sweep-errors.png");
    await form.samplerSettings().fill('{"nStartupTrials": 5}');
    await form.prunerSettings().fill('{"nWarmupSteps": 2}');

    // Fixed: no issues, and samples carry the nested parameter paths.
    await form.typeSpace(space("1.0e-5"));
    await expect.poll(() => form.spaceIssues().count(), live).toBe(0);
    await expect.poll(() => form.previewSampleRows().count(), live).toBe(5);
    await expect.poll(() => form.fieldIssue("sampler.nStartupTrials").count(), live).toBe(0);
    const header = await form.previewSamples().locator("th").allTextContents();
    expect(header).toContain("optimizer");
    expect(header.some((h) => /^optimizer\.(sgd|adam)\.lr$/.test(h))).toBe(true);

    // Without a name the server refuses: the error shows at the field, and nothing typed is lost.
    await form.objectiveMetric().fill("val_acc");
    await form.objectiveDirection().selectOption("maximize");
    await form.maxTrials().fill("20");
    await form.maxParallel().fill("3");
    await form.maxRetries().fill("2");
    await form.create();
    await expect.poll(() => form.formError().count(), live).toBe(1);
    await expect.poll(() => form.fieldIssue("name").count(), live).toBe(1);
    expect(await form.spaceEditor().inputValue()).toBe(space("1.0e-5"));
    expect(await form.objectiveMetric().inputValue()).toBe("val_acc");

    await form.name().fill("e2e nested sweep");
    await expect.poll(() => form.formError().count(), live).toBe(0);
    await expect.poll(() => page.getByTestId("form-status").textContent(), live).toBe("Ready to create");
    mkdirSync("tests/e2e/screenshots", { recursive: true });
    await page.screenshot({ path: "tests/e2e/screenshots/new-sweep.png", fullPage: true });
    await form.create();

    await expect.poll(() => form.createdPanel().isVisible(), { timeout: 15_000 }).toBe(true);
    await debugShot(page, "new-sweep-created.png");
    const command = (await form.agentCommand().textContent()) ?? "";
    const match = /^SWEEPBOARD_URL=(\S+) SWEEPBOARD_TOKEN=(\S+) npx sweepboard agent (\d+) --parallel 2 -- python train\.py$/.exec(command.trim());
    expect(await form.remoteAgentCommand().textContent()).toMatch(/curl -fsSO http:\/\/127\.0\.0\.1:\d+\/sweepboard\.mjs[\s\S]*node sweepboard\.mjs agent \d+ --parallel 2 -- python train\.py/);
    expect(match, command).not.toBeNull();
    const [, url, token, id] = match!;
    expect(url).toBe(app.url);
    expect(token).not.toBe(app.token);
    expect(await form.curlExample().textContent()).toContain(`Authorization: Bearer ${token}`);
    // The install line names the wheel this server serves, at its real origin.
    const install = (await form.pythonInstallCommand().textContent()) ?? "";
    const wheel = /^pip install (\S+)$/m.exec(install)?.[1] ?? "";
    expect(wheel).toMatch(new RegExp(`^${app.url.replace(/[.]/g, "\\.")}/python/sweepboard-[0-9.]+-py3-none-any\\.whl$`));
    expect((await fetch(wheel)).status).toBe(200);
    expect(install).toContain(`export SWEEPBOARD_URL=${app.url} SWEEPBOARD_TOKEN=${token}`);
    expect(install).toContain(`sweepboard.Client().trials(${id})`);
    expect(await form.curlExample().textContent()).toContain(`/api/v1/experiments/${id}/trials`);
    expect(await form.experimentLink().getAttribute("href")).toBe(`/experiments/${id}`);

    // The stored sweep has the nested space and everything the form said.
    const { experiment } = await apiClient(app.url, app.token).get(`/experiments/${id}`);
    expect(experiment.name).toBe("e2e nested sweep");
    expect(experiment.objectives).toEqual([{ metric: "val_acc", direction: "maximize" }]);
    expect(experiment.sampler).toBe("tpe");
    expect(experiment.samplerConfig).toEqual({ ...TPE_DEFAULTS, nStartupTrials: 5 });
    expect(experiment.pruner).toBe("median");
    expect(experiment.prunerConfig).toEqual({ name: "median", ...PRUNER_DEFAULTS.median, nWarmupSteps: 2 });
    expect(experiment.maxTrials).toBe(20);
    expect(experiment.maxParallel).toBe(3);
    expect(experiment.maxRetries).toBe(2);
    expect(experiment.space.optimizer.type).toBe("choice");
    const adam = experiment.space.optimizer.options.find((o: any) => o.value === "adam");
    expect(adam.params.lr).toEqual({ type: "loguniform", low: 1e-5, high: 1e-2 });

    // The freshly made token works for the agent.
    const { trial } = await apiClient(app.url, token).post(`/experiments/${id}/trials`);
    expect(trial.params.optimizer === "sgd" || trial.params.optimizer === "adam").toBe(true);

    // The experiment page says which settings run, and shows all of them on a click.
    const view = new ExperimentPage(page);
    await view.open(app.url, Number(id));
    expect(await view.algorithmLine("sampler").textContent()).toContain("Sampler: tpe (multivariate, group, constant liar, univariate every 2nd trial, 5 start-up trials, 24 candidates)");
    expect(await view.algorithmLine("pruner").textContent()).toContain("Pruner: median (5 start-up trials, warm-up 2 steps, checked every step, at least 1 trial per step)");
    expect(await view.algorithmJson("sampler").isVisible()).toBe(false);
    await view.algorithmLine("sampler").click();
    await expect.poll(() => view.algorithmJson("sampler").isVisible(), live).toBe(true);
    expect(JSON.parse((await view.algorithmJson("sampler").textContent()) ?? "")).toMatchObject({ multivariate: true, nStartupTrials: 5 });
    await page.close();
  });

  it("imports a W&B sweep config and shows the converted native space", async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const form = new NewSweepPage(page, app.url);
    await form.open();
    await page.getByTestId("wandb-import-open").click();
    await page.getByTestId("wandb-source").fill(`method: random
metric: {name: accuracy, goal: maximize}
parameters:
  lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}
  act: {values: [relu, gelu]}
`);
    await page.getByTestId("wandb-import-apply").click();
    expect(await form.spaceFormat().inputValue()).toBe("wandb");
    expect(await form.objectiveMetric().inputValue()).toBe("accuracy");
    await expect.poll(() => page.getByTestId("converted-space").textContent(), live).toContain("loguniform");
    await expect.poll(() => form.previewSampleRows().count(), live).toBe(5);

    // A W&B-specific mistake is reported at the key the user wrote.
    await form.typeSpace("method: bayes\nparameters:\n  lr: {distribution: log_uniform_values, min: 0, max: 0.1}\n");
    await expect.poll(() => form.spaceIssue("space.parameters.lr.min").count(), live).toBe(1);
    expect(await form.spaceIssue("space.parameters.lr.min").getAttribute("data-line")).toBe("3");
    await debugShot(page, "new-sweep-wandb.png");

    // The flat-space form writes YAML into the editor (the previous text can be restored with Undo).
    await page.getByTestId("builder-open").click();
    await page.getByLabel("Parameter 1 name").fill("learning_rate");
    await page.getByTestId("builder-write").click();
    expect(await form.spaceFormat().inputValue()).toBe("yaml");
    expect(await form.spaceEditor().inputValue()).toContain("learning_rate: {type: loguniform, low: 0.00001, high: 0.1}");
    await expect.poll(() => form.spaceIssues().count(), live).toBe(0);
    await expect.poll(() => form.previewSamples().locator("th").allTextContents(), live).toContain("learning_rate");
    await page.close();
  });

  it("imports a W&B config whole: its name and budget, with what cannot map listed as warnings", async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const form = new NewSweepPage(page, app.url);
    await form.open();
    await page.getByTestId("wandb-import-open").click();
    await page.getByTestId("wandb-source").fill(`program: train.py
project: vision
name: wandb-whole
method: random
run_cap: 7
metric: {name: loss, goal: minimize}
early_terminate: {type: hyperband, min_iter: 2}
parameters:
  lr: {distribution: log_uniform_values, min: 0.0001, max: 0.1}
`);
    await page.getByTestId("wandb-import-apply").click();
    await expect.poll(() => form.wandbWarnings().allTextContents(), live).toEqual([expect.stringMatching(/^project: not imported, W&B's project has no counterpart/)]);
    // The name comes from the config: the form's name may stay blank.
    expect(await form.name().inputValue()).toBe("");
    await expect.poll(() => page.getByTestId("form-status").textContent(), live).toBe("Ready to create");
    await form.create();
    await expect.poll(() => form.createdPanel().isVisible(), { timeout: 15_000 }).toBe(true);
    const id = Number(/\/experiments\/(\d+)/.exec((await form.experimentLink().getAttribute("href")) ?? "")?.[1]);
    const res = await fetch(`${app.url}/api/v1/experiments/${id}`, { headers: { authorization: `Bearer ${app.token}` } });
    expect((await res.json()).experiment).toMatchObject({ name: "wandb-whole", maxTrials: 7, pruner: "hyperband", command: ["${env}", "${interpreter}", "train.py", "${args}"] });
    await page.close();
  });

  it("stores the command typed as a shell line, checked against the space, and the agent line then needs none", async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const form = new NewSweepPage(page, app.url);
    await form.open();
    await form.name().fill("with a command");
    await form.typeSpace("lr: {type: loguniform, low: 1.0e-4, high: 1.0e-1}\n");
    // A typo in a placeholder would fail every trial: refused live, at the argument.
    await form.command().fill("python3 train.py --lr ${lrr}");
    await expect.poll(() => form.fieldIssue("command[3]").textContent(), live).toMatch(/lrr/);
    // An open quote is caught before asking the server.
    await form.command().fill("python3 'train.py");
    await form.create();
    await expect.poll(() => form.fieldIssue("command").textContent(), live).toMatch(/single quote at character 9 is never closed/);
    await form.command().fill(`python3 "my train.py" --lr '\${lr}' --tag 'a b'`);
    await expect.poll(() => page.getByTestId("form-status").textContent(), live).toBe("Ready to create");
    await form.create();
    await expect.poll(() => form.createdPanel().isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await form.agentCommand().textContent()).toMatch(/npx sweepboard agent \d+ --parallel 2$/);
    const id = Number(/\/experiments\/(\d+)/.exec((await form.experimentLink().getAttribute("href")) ?? "")?.[1]);
    const { experiment } = await apiClient(app.url, app.token).get(`/experiments/${id}`);
    expect(experiment.command).toEqual(["python3", "my train.py", "--lr", "${lr}", "--tag", "a b"]);
    await form.experimentLink().click();
    await expect.poll(() => page.getByTestId("experiment-command").textContent(), live).toBe("python3 'my train.py' --lr ${lr} --tag 'a b'");
    await page.close();
  });

  it("imports three real-world W&B configs whole through the form", async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const form = new NewSweepPage(page, app.url);
    const cases = [
      { source: TRANSFORMER, name: "", warnings: [], expected: { name: "bert-finetune", description: "Fine-tune BERT on GLUE", maxTrials: 40, pruner: "hyperband", objectives: [{ metric: "eval/loss", direction: "minimize" }], command: ["${env}", "python", "train.py", "${args}"] } },
      { source: CNN, name: "", warnings: [/^project:/, /^entity:/], expected: { name: "cifar-cnn", sampler: "random", pruner: "hyperband", objectives: [{ metric: "val_acc", direction: "maximize" }], command: null } },
      // No name in the config: the form's field gives it.
      { source: GRID, name: "lr grid", warnings: [], expected: { name: "lr grid", sampler: "grid", pruner: "none", objectives: [{ metric: "loss", direction: "minimize" }] } },
    ];
    for (const c of cases) {
      await form.open();
      await page.getByTestId("wandb-import-open").click();
      await page.getByTestId("wandb-source").fill(c.source);
      await page.getByTestId("wandb-import-apply").click();
      if (c.name) await form.name().fill(c.name);
      await expect.poll(() => page.getByTestId("form-status").textContent(), live).toBe("Ready to create");
      const warnings = await form.wandbWarnings().allTextContents();
      expect(warnings).toHaveLength(c.warnings.length);
      c.warnings.forEach((w, i) => expect(warnings[i]).toMatch(w));
      await form.create();
      await expect.poll(() => form.createdPanel().isVisible(), { timeout: 15_000 }).toBe(true);
      const id = Number(/\/experiments\/(\d+)/.exec((await form.experimentLink().getAttribute("href")) ?? "")?.[1]);
      const { experiment } = await apiClient(app.url, app.token).get(`/experiments/${id}`);
      expect(experiment).toMatchObject(c.expected);
    }
    await page.close();
  });
});
