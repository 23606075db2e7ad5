import type { MetricPoint } from "./types";

/** One metric read from a line; step is absent when the line gave none (StepCounter fills it in). */
export interface RawMetric {
  name: string;
  value: number;
  step?: number;
}

export type LineParser = (line: string) => RawMetric[];

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?(?:nan|inf(?:inity)?)`;
// A name=value pair not glued to surrounding words, so "lr=0.01abc" or "a.b=c" never count.
const PAIR = new RegExp(String.raw`(?<![\w.\/-])([A-Za-z_][\w.\/-]*)=(${NUMBER})(?![\w.])`, "gi");
const MAX_NAME = 200;

export function parseNumber(text: string): number {
  const lower = text.toLowerCase().replace(/^\+/, "");
  if (lower === "nan" || lower === "-nan") return NaN;
  if (/^-?inf(inity)?$/.test(lower)) return lower.startsWith("-") ? -Infinity : Infinity;
  return Number(text);
}

/** Default format: `name=value` pairs anywhere on a line; `step=N` sets the step of the others. */
export function parseKeyValueLine(line: string): RawMetric[] {
  const pairs: RawMetric[] = [];
  let step: number | undefined;
  for (const match of line.matchAll(PAIR)) {
    const name = match[1]!;
    const value = parseNumber(match[2]!);
    if (name === "step") {
      if (Number.isSafeInteger(value) && value >= 0) step = value;
      continue;
    }
    if (name.length <= MAX_NAME) pairs.push({ name, value });
  }
  return step === undefined ? pairs : pairs.map((p) => ({ ...p, step }));
}

/** Every named group of a regex, found by matching the empty string against `re|`. */
export function regexGroupNames(regex: RegExp): string[] {
  const groups = new RegExp(`${regex.source}|`).exec("")?.groups;
  return groups ? Object.keys(groups) : [];
}

/**
 * --metric-regex: with (?<name>)(?<value>) groups each match is one metric (no name group: the
 * objective); otherwise every named group except step is a metric named after the group.
 */
export function regexLineParser(regex: RegExp, defaultName: string): LineParser {
  const global = regex.flags.includes("g") ? regex : new RegExp(regex.source, `${regex.flags}g`);
  const names = regexGroupNames(global).filter((n) => n !== "step");
  const pairMode = names.includes("value");
  return (line) => {
    const out: RawMetric[] = [];
    for (const match of line.matchAll(global)) {
      const groups = match.groups ?? {};
      const stepValue = groups.step === undefined ? undefined : parseNumber(groups.step);
      const step = stepValue !== undefined && Number.isSafeInteger(stepValue) && stepValue >= 0 ? stepValue : undefined;
      const found: Array<[string, string | undefined]> = pairMode ? [[groups.name ?? defaultName, groups.value]] : names.map((n) => [n, groups[n]]);
      for (const [name, text] of found) {
        const trimmed = text?.trim();
        if (!trimmed || name === "" || name.length > MAX_NAME) continue;
        const value = parseNumber(trimmed);
        if (Number.isNaN(value) && !/^[-+]?nan$/i.test(trimmed)) continue; // not a number at all
        out.push(step === undefined ? { name, value } : { name, value, step });
      }
      if (match[0] === "") break; // an empty match would loop forever
    }
    return out;
  };
}

export function createLineParser(regex: RegExp | undefined, objective: string): LineParser {
  return regex ? regexLineParser(regex, objective) : parseKeyValueLine;
}

/**
 * Auto-step: a metric printed without step= gets the step after its last one (starting at 0), so
 * `loss=0.5` printed each epoch becomes steps 0, 1, 2, ...; an explicit step resets the counter.
 */
export class StepCounter {
  private readonly last = new Map<string, number>();

  /** wallTime: when the line was printed, in seconds since the epoch. */
  assign(metric: RawMetric, wallTime: number): MetricPoint {
    const previous = this.last.get(metric.name);
    const step = metric.step ?? (previous === undefined ? 0 : previous + 1);
    this.last.set(metric.name, step);
    return { name: metric.name, step, value: metric.value, wallTime };
  }
}
