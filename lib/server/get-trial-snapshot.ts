import "server-only";
import { parseConfig, parseParams, parseTags, parseValues, storedIso } from "@/lib/db/columns";
import { findExperiment } from "@/lib/db/experiments";
import { readTrialColumnRows } from "@/lib/db/trials";
import { notFound } from "@/lib/http/errors";
import type { ParamValue, TrialState } from "@/lib/optimizer";
import { objectivesColumn } from "@/lib/schemas/experiment";
import type { TrialColumns, TrialsSnapshot } from "@/lib/schemas/ui";

// A client polling with `since` gets rows changed a little before it too: a trial finishing while the
// previous snapshot was read must not fall between two snapshots. Overlaps merge by id.
const OVERLAP_MS = 2_000;

export async function getTrialSnapshot({ experimentId, since, now = () => new Date() }: { experimentId: number; since?: string; now?: () => Date }): Promise<TrialsSnapshot> {
  const experiment = await findExperiment(experimentId);
  if (!experiment) throw notFound("experiment", experimentId);
  const serverTime = now().toISOString();
  const from = since ? new Date(new Date(since).getTime() - OVERLAP_MS).toISOString() : undefined;
  const rows = await readTrialColumnRows(experimentId, from);
  const cols: TrialColumns = { id: [], number: [], state: [], value: [], startedAt: [], completedAt: [], error: [], feasible: [], lastIntermediate: [], lastStep: [], params: {} };
  // Several objectives: the Pareto plot and the objective selector need every value, not just the first.
  const several = objectivesColumn.parse(parseConfig(experiment.objectives)).length > 1;
  const values: Array<number[] | null> = [];
  const tags: string[][] = [];
  // By parameter name in a Map: a plain object would find Object.prototype.constructor for "constructor".
  const columns = new Map<string, ParamValue[]>();
  rows.forEach((row, i) => {
    cols.id.push(row.id);
    cols.number.push(row.number);
    cols.state.push(row.state as TrialState);
    cols.value.push(row.value);
    cols.startedAt.push(storedIso(row.startedAt));
    cols.completedAt.push(storedIso(row.completedAt));
    cols.error.push(row.error);
    cols.feasible.push(row.violation === null ? null : row.violation === 0);
    // Kept by the trial core when the trial finished (lib/db/trial-core.ts): no per-trial metric read here.
    cols.lastIntermediate.push(row.state === "pruned" ? row.lastValue : null);
    cols.lastStep.push(row.lastStep);
    if (several) values.push(parseValues(row.values));
    tags.push(row.tags === "[]" ? [] : parseTags(row.tags));
    const params = parseParams(row.params);
    for (const [key, value] of Object.entries(params)) {
      let column = columns.get(key);
      if (!column) {
        column = new Array<ParamValue>(i).fill(null);
        columns.set(key, column);
      }
      column[i] = value;
    }
    for (const column of columns.values()) if (column.length <= i) column.push(null);
  });
  // fromEntries defines own properties, so a "__proto__" column is a column.
  cols.params = Object.fromEntries(columns);
  if (several) cols.values = values;
  if (tags.some((t) => t.length > 0)) cols.tags = tags;
  return { serverTime, full: !since, trials: cols };
}
