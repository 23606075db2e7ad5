import "server-only";
import { listTrialRows } from "@/lib/db/trials";
import { formatExactNumber } from "@/lib/shared/format";
import { own } from "@/lib/shared/own";
import type { TrialDto } from "@/lib/schemas/trial";
import { toTrialDto } from "./dto";
import { getExperiment } from "./get-experiment";

/** OWASP's CSV-injection triggers: a spreadsheet reads a cell starting with one of them as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell. Text that could start a formula (a parameter's string value, a metric name, an error
 * message: all chosen by whoever drives the API) is neutralised as OWASP recommends: a leading single
 * quote, and the cell quoted. Numbers are written as numbers and never neutralised: "-0.5" is a value a
 * spreadsheet must read as -0.5, and a number we format cannot hold a formula. So the string "-0.5"
 * (a categorical value) becomes "'-0.5" while the number -0.5 stays -0.5.
 */
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return formatExactNumber(value);
  if (typeof value === "boolean") return String(value);
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (FORMULA_START.test(text)) return `"'${text.replace(/"/g, '""')}"`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Objective `i` of a trial: its told value, or for a pruned trial the first objective's last report. */
function objectiveCell(t: TrialDto, i: number): number | null {
  const told = t.values?.[i];
  if (told !== undefined) return told;
  return t.state === "pruned" && i === 0 ? (t.lastValue ?? t.value) : null;
}

/** The whole sweep: its definition and every trial, as JSON, or the trials as one CSV row each. */
export async function exportExperiment({ id, format }: { id: number; format: "json" | "csv" }): Promise<{ body: string; contentType: string; filename: string }> {
  const experiment = await getExperiment({ id });
  const trials = (await listTrialRows(id)).map(toTrialDto);
  const base = `experiment-${id}`;
  if (format === "json") {
    return { body: JSON.stringify({ experiment, trials }, null, 2), contentType: "application/json", filename: `${base}.json` };
  }
  const paramNames = [...new Set(trials.flatMap((t) => Object.keys(t.params)))].sort();
  const objectives = experiment.objectives.map((o) => o.metric);
  // A pruned trial's objective is its last reported value, at `last_step` (where the pruner stopped it).
  const header = ["number", "state", ...objectives, ...paramNames.map((p) => `param:${p}`), "started_at", "completed_at", "last_step", "error"];
  const lines = [header.map(csvCell).join(",")];
  for (const t of trials) {
    const row = [t.number, t.state, ...objectives.map((_, i) => objectiveCell(t, i)), ...paramNames.map((p) => own(t.params, p) ?? null), t.startedAt, t.completedAt, t.lastStep, t.error];
    lines.push(row.map(csvCell).join(","));
  }
  return { body: lines.join("\n") + "\n", contentType: "text/csv; charset=utf-8", filename: `${base}.csv` };
}
