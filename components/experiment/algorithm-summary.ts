// One line per algorithm for the experiment page: "tpe (multivariate, group, constant liar, 10 start-up trials, ...)".
// The stored configs are the resolved ones (every default filled in), so this shows what actually runs. Settings that
// rarely change appear only when they differ from the engine's defaults; the full JSON is one click away.
import { TPE_DEFAULTS } from "@/lib/optimizer/tpe/config";

type Config = Record<string, unknown>;

const isConfig = (v: unknown): v is Config => typeof v === "object" && v !== null && !Array.isArray(v);
const plural = (n: unknown, one: string, many = `${one}s`) => `${String(n)} ${n === 1 ? one : many}`;
const ordinal = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? "th" : ["th", "st", "nd", "rd"][n % 10] ?? "th"}`;

function tpe(c: Config): string[] {
  const parts = [c.multivariate ? "multivariate" : "univariate"];
  if (c.group) parts.push("group");
  if (c.constantLiar) parts.push("constant liar");
  if (typeof c.univariateEvery === "number" && c.univariateEvery > 0) parts.push(c.univariateEvery === 1 ? "univariate every trial" : `univariate every ${ordinal(c.univariateEvery)} trial`);
  parts.push(plural(c.nStartupTrials, "start-up trial"), plural(c.nEiCandidates, "candidate"));
  const d = TPE_DEFAULTS;
  if (c.gamma !== d.gamma) parts.push(`gamma ${String(c.gamma)}`);
  if (c.weights !== d.weights) parts.push(`${String(c.weights)} weights`);
  if (c.priorWeight !== d.priorWeight) parts.push(`prior weight ${String(c.priorWeight)}`);
  if (c.considerPrior === false) parts.push("no prior");
  if (c.considerMagicClip === false) parts.push("no magic clip");
  if (c.considerEndpoints === true) parts.push("endpoints");
  if (c.bandwidth !== d.bandwidth) parts.push(`${String(c.bandwidth)} bandwidth`);
  return parts;
}

function grid(c: Config): string[] {
  const parts: string[] = [];
  const lists = isConfig(c.values) ? Object.keys(c.values).length : 0;
  if (lists > 0) parts.push(plural(lists, "value list"));
  if (c.resolution !== undefined) parts.push(`resolution ${String(c.resolution)}`);
  if (c.shuffle) parts.push(`shuffled (seed ${String(c.seed)})`);
  else parts.push("in order");
  return parts;
}

function percentile(name: string, c: Config): string[] {
  const p = c.percentile;
  const parts = name !== "percentile" ? [] : [typeof p === "number" && Number.isInteger(p) ? `${ordinal(p)} percentile` : `percentile ${String(p)}`];
  parts.push(plural(c.nStartupTrials, "start-up trial"), `warm-up ${plural(c.nWarmupSteps, "step")}`);
  parts.push(c.intervalSteps === 1 ? "checked every step" : `checked every ${String(c.intervalSteps)} steps`);
  parts.push(`at least ${plural(c.nMinTrials, "trial")} per step`);
  return parts;
}

/** The settings of a sampler as a few words, or null when there is nothing to say (random, or an unreadable config). */
export function samplerSummary(name: string, config: unknown): string | null {
  if (!isConfig(config)) return null;
  switch (name) {
    case "tpe":
      return tpe(config).join(", ");
    case "grid":
      return grid(config).join(", ");
    case "auto":
      return `GP while fewer than ${String(config.gpUntil)} trials finished on a numeric space, else TPE`;
    case "gp":
      return [`${String(config.nStartupTrials)} start-up trials`, `${String(config.nCandidates)} candidates`, `${String(config.nLocalSearch)} local searches`, ...(config.constantLiar ? ["constant liar"] : []), ...(config.deterministicObjective ? ["deterministic objective"] : [])].join(", ");
    case "cmaes":
      return [`sigma0 ${Number(Number(config.sigma0).toPrecision(3))}`, `population ${config.popsize === "auto" ? "auto" : String(config.popsize)}`, config.restart === "ipop" ? `IPOP restarts (x${String(config.incPopsize)})` : "no restarts", ...(config.withMargin ? ["with margin"] : []), ...(Number(config.nStartupTrials) > 0 ? [`${String(config.nStartupTrials)} start-up trials`] : [])].join(", ");
    case "nsga2":
      return [`population ${String(config.populationSize)}`, `crossover ${String(config.crossoverProb)}`, `mutation ${config.mutationProb === "auto" ? "1/parameters" : String(config.mutationProb)}`].join(", ");
    case "qmc":
      return config.scramble === false ? "unscrambled" : config.seed === undefined ? "scrambled with the sweep's seed" : `scrambled, seed ${String(config.seed)}`;
    default:
      return null;
  }
}

/** The settings of a pruner as a few words, or null when it has none. */
export function prunerSummary(name: string, config: unknown): string | null {
  if (!isConfig(config)) return null;
  switch (name) {
    case "median":
    case "percentile":
      return percentile(name, config).join(", ");
    case "asha":
      return [`min resource ${String(config.minResource)}`, `reduction factor ${String(config.reductionFactor)}`, `min early-stopping rate ${String(config.minEarlyStoppingRate)}`].join(", ");
    case "hyperband":
      return [`resources ${String(config.minResource)} to ${String(config.maxResource)}`, `reduction factor ${String(config.reductionFactor)}`].join(", ");
    default:
      return null;
  }
}

/** "tpe (multivariate, group, ...)" or just "random". */
export function algorithmLine(name: string, summary: string | null): string {
  return summary ? `${name} (${summary})` : name;
}

/** The stored config without its redundant name, for the expanded view. */
export function settingsJson(config: unknown): string {
  if (!isConfig(config)) return JSON.stringify(config ?? null);
  const { name: _name, ...rest } = config;
  return JSON.stringify(rest, null, 2);
}
