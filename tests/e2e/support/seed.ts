import { apiClient } from "./api";

export const NESTED_SPACE = {
  lr: { type: "loguniform", low: 1e-4, high: 1 },
  layers: { type: "int", low: 1, high: 6 },
  opt: { type: "choice", options: [{ value: "sgd", params: { momentum: { type: "uniform", low: 0, high: 0.99 } } }, "adam"] },
};

/** A loss with a known shape: best near lr = 0.01, fewer layers, adam. */
export function fakeLoss(params: Record<string, any>, step: number, steps: number): number {
  const base = Math.abs(Math.log10(params.lr) + 2) + 0.1 * params.layers + (params.opt === "sgd" ? 0.3 : 0);
  return base + 2 / (step + 1) - 2 / steps + 0.02 * Math.sin(step * 3 + params.layers);
}

/** Creates a sweep over the API and runs `trials` trials through ask / report / complete, like a client would. */
export async function seedExperiment(url: string, token: string, opts: { name?: string; description?: string; trials: number; steps?: number; maxTrials?: number }) {
  const api = apiClient(url, token);
  const steps = opts.steps ?? 20;
  const { experiment } = await api.post("/experiments", {
    name: opts.name ?? "seeded sweep",
    description: opts.description ?? "",
    space: NESTED_SPACE,
    objective: { metric: "val_loss", direction: "minimize" },
    maxTrials: opts.maxTrials ?? opts.trials,
    seed: 5,
  });
  for (let i = 0; i < opts.trials; i++) {
    const { trial } = await api.post(`/experiments/${experiment.id}/trials`);
    const points = Array.from({ length: steps }, (_, s) => ({ name: "val_loss", step: s, value: fakeLoss(trial.params, s, steps) }));
    await api.post(`/trials/${trial.id}/metrics`, { points });
    await api.post(`/trials/${trial.id}/complete`, { value: points[steps - 1]!.value });
  }
  return experiment as { id: number; name: string };
}
