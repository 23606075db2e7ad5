import { parse, stringify } from "yaml";
import type { SpaceFormat } from "./types";

/**
 * The editor's text when the format changes: JSON and YAML are rewritten into each other when the text
 * parses (comments do not survive); anything else, or a switch to or from W&B, keeps the text as it is.
 */
export function convertSource(text: string, from: SpaceFormat, to: SpaceFormat): string {
  if (from === to || from === "wandb" || to === "wandb") return text;
  try {
    const value: unknown = from === "json" ? JSON.parse(text) : parse(text);
    if (value === null || typeof value !== "object") return text;
    return to === "json" ? `${JSON.stringify(value, null, 2)}\n` : stringify(value);
  } catch {
    return text;
  }
}

export interface WandbHints {
  metric?: { name: string; goal: "minimize" | "maximize" };
  sampler?: "grid" | "random" | "tpe";
  runCap?: number;
}

const METHODS: Record<string, WandbHints["sampler"]> = { grid: "grid", random: "random", bayes: "tpe" };

/** What the form can fill in from a pasted W&B config (the server does the real conversion). */
export function readWandbHints(text: string): WandbHints {
  let config: unknown;
  try {
    config = parse(text);
  } catch {
    return {};
  }
  if (config === null || typeof config !== "object" || Array.isArray(config)) return {};
  const c = config as Record<string, unknown>;
  const hints: WandbHints = {};
  const metric = c.metric as Record<string, unknown> | undefined;
  if (metric && typeof metric === "object" && typeof metric.name === "string" && metric.name !== "") {
    hints.metric = { name: metric.name, goal: metric.goal === "maximize" ? "maximize" : "minimize" };
  }
  if (typeof c.method === "string" && METHODS[c.method]) hints.sampler = METHODS[c.method];
  if (typeof c.run_cap === "number" && Number.isInteger(c.run_cap) && c.run_cap > 0) hints.runCap = c.run_cap;
  return hints;
}
