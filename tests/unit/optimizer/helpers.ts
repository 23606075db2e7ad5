import { InMemoryStorage, Study, createRng, type Objective, type Params, type SamplerConfig, type TrialRecord } from "../../../lib/optimizer";

/** Runs ask/tell for n trials (or until the sampler is exhausted) and returns the trials. */
export async function runStudy(opts: {
  space: unknown;
  sampler: SamplerConfig;
  n: number;
  seed?: number;
  objective?: (p: Params) => number;
  direction?: Objective["direction"];
}): Promise<TrialRecord[]> {
  const study = new Study({
    storage: new InMemoryStorage(),
    space: opts.space,
    sampler: opts.sampler,
    objectives: [{ metric: "y", direction: opts.direction ?? "minimize" }],
    seed: opts.seed ?? 1,
  });
  for (let i = 0; i < opts.n; i++) {
    const t = await study.ask();
    await study.tell(t.number, { state: "complete", values: [opts.objective ? opts.objective(t.params) : 0] });
  }
  return study.trials();
}

/** A finished trial record with the given params and value. */
export function trial(number: number, params: Params, internal: Record<string, number>, value: number | null, state: TrialRecord["state"] = "complete"): TrialRecord {
  return { number, state, params, internal, values: value === null ? null : [value], intermediate: [], systemAttrs: {} };
}

/** Deterministic uniform numbers for building random fixtures. */
export function fixtureRng(seed: number): () => number {
  const r = createRng(seed);
  return () => r.next();
}
