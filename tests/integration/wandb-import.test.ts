// W&B sweep configs imported whole through the API: name, description, run_cap and early_terminate map onto the
// sweep, command and program its command; whatever cannot map is listed in the answer's warnings, never dropped silently.
import { describe, expect, it } from "vitest";
import { callRoute } from "../support/call-route";
import * as routes from "../support/routes";
import { setupTempDatabase } from "../support/temp-db";
import { CNN, GRID, TRANSFORMER } from "../support/wandb-configs";

setupTempDatabase();

const create = (space: string, extra: Record<string, unknown> = {}) => callRoute(routes.experiments.POST, { body: { spaceFormat: "wandb", space, ...extra } });
const read = async (id: number) => (await callRoute(routes.experiment.GET, { params: { id } }, "GET")).body.experiment;

describe("W&B configs imported whole", () => {
  it("takes name, description, run_cap, a min_iter hyperband and the command (program filled in) from the YAML", async () => {
    const res = await create(TRANSFORMER);
    expect(res.status).toBe(201);
    expect(res.body.experiment).toMatchObject({ name: "bert-finetune", description: "Fine-tune BERT on GLUE", maxTrials: 40, sampler: "auto", pruner: "hyperband", objectives: [{ metric: "eval/loss", direction: "minimize" }] });
    const stored = await read(res.body.experiment.id);
    expect(stored.prunerConfig).toMatchObject({ minResource: 3, reductionFactor: 3, maxResource: "auto" });
    expect(res.body.experiment.command).toEqual(["${env}", "python", "train.py", "${args}"]);
    expect(res.body.warnings).toEqual([]);
  });

  it("maps a max_iter + s hyperband, warns about project and entity, and lets the body's own settings win", async () => {
    const res = await create(CNN, { name: "my own name", maxTrials: 12 });
    expect(res.status).toBe(201);
    expect(res.body.experiment).toMatchObject({ name: "my own name", maxTrials: 12, sampler: "random", pruner: "hyperband" });
    expect((await read(res.body.experiment.id)).prunerConfig).toMatchObject({ minResource: 3, maxResource: 27, reductionFactor: 3 });
    expect(res.body.warnings.map((w: { path: string }) => w.path)).toEqual(["space.project", "space.entity"]);
    // An explicit pruner in the body replaces early_terminate.
    const explicit = await create(CNN, { pruner: "median" });
    expect(explicit.body.experiment.pruner).toBe("median");
  });

  it("a config without a name needs one in the body: 422 naming it; with one, no warnings", async () => {
    const missing = await create(GRID);
    expect(missing.status).toBe(422);
    expect(missing.body.error).toMatchObject({ code: "validation_error", path: "name" });
    const named = await create(GRID, { name: "grid" });
    expect(named.status).toBe(201);
    expect(named.body).toMatchObject({ experiment: { name: "grid", sampler: "grid", maxTrials: null, pruner: "none" }, warnings: [] });
  });

  it("refuses a name or description of the wrong type at its path", async () => {
    const res = await create(`name: [a, b]\n${GRID}`);
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: "validation_error", path: "space.name", message: expect.stringMatching(/must be a non-empty string, got an array/) });
  });
});
