import "server-only";
import { listTrialRows } from "@/lib/db/trials";
import type { Direction } from "@/lib/optimizer";
import { getExperiment } from "./get-experiment";

export interface ComparedExperiment {
  experimentId: number;
  name: string;
  metric: string;
  direction: Direction;
  points: Array<{ trialNumber: number; value: number }>;
}

/** The completed trials' objective values of several experiments, in trial order, for overlaying. */
export async function compareExperiments({ ids }: { ids: number[] }): Promise<ComparedExperiment[]> {
  const out: ComparedExperiment[] = [];
  for (const id of ids) {
    const experiment = await getExperiment({ id });
    const objective = experiment.objectives[0]!;
    const rows = await listTrialRows(id, { states: ["complete"] });
    out.push({
      experimentId: id,
      name: experiment.name,
      metric: objective.metric,
      direction: objective.direction,
      points: rows.filter((r) => r.value !== null).map((r) => ({ trialNumber: r.number, value: r.value as number })),
    });
  }
  return out;
}
