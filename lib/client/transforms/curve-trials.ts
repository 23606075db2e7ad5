import type { Direction } from "@/lib/optimizer";
import type { TrialDto } from "@/lib/schemas/trial";
import type { ViewState } from "../view-state";

const MAX_CURVES = 100;
const DEFAULT_CURVES = 20;
const DEFAULT_PRUNED = 10;

function describe(t: TrialDto): string {
  return `#${t.number} ${Object.entries(t.params).map(([k, v]) => `${k}=${String(v)}`).join(" ")}`;
}

/**
 * Which trials' curves to overlay: the selection, else the best complete trials, the latest pruned ones
 * (where and how early the pruner stops trials is what a sweep's curves are for) and the running ones.
 */
export function curveTrials(trials: TrialDto[], view: ViewState, direction: Direction): { picked: TrialDto[]; regexError: string | null } {
  let pool = view.selected.length > 0 ? trials.filter((t) => view.selected.includes(t.id)) : trials;
  let regexError: string | null = null;
  if (view.curveFilter) {
    try {
      const re = new RegExp(view.curveFilter, "i");
      pool = pool.filter((t) => re.test(describe(t)));
    } catch (error) {
      regexError = error instanceof Error ? error.message : String(error);
    }
  }
  if (view.selected.length > 0 || view.curveFilter) return { picked: pool.slice(0, MAX_CURVES), regexError };
  const sign = direction === "maximize" ? -1 : 1;
  const done = pool.filter((t) => t.state === "complete" && t.value !== null).sort((a, b) => sign * ((a.value as number) - (b.value as number)));
  const pruned = pool.filter((t) => t.state === "pruned").slice(-DEFAULT_PRUNED);
  const running = pool.filter((t) => t.state === "running");
  return { picked: [...done.slice(0, DEFAULT_CURVES), ...pruned, ...running.slice(0, DEFAULT_CURVES)], regexError };
}

/** "best 20, 10 latest pruned (dashed), 2 running trials": what the default overlay holds. */
export function defaultCurvesLabel(picked: TrialDto[]): string {
  const count = (state: TrialDto["state"]) => picked.filter((t) => t.state === state).length;
  const parts = [`best ${count("complete")}`];
  if (count("pruned") > 0) parts.push(`${count("pruned")} latest pruned (dashed)`);
  if (count("running") > 0) parts.push(`${count("running")} running`);
  return `${parts.join(", ")} trials`;
}
