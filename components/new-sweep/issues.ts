import { splitPath } from "./locate-issue";
import type { CreateResult, Issue } from "./types";

export type FieldKey = "name" | "description" | "command" | "objective" | "sampler" | "pruner" | "space" | "maxTrials" | "maxParallel" | "seed" | "maxRetries" | "heartbeatGraceSec" | "other";

const DIRECT = new Set<string>(["name", "description", "command", "sampler", "pruner", "space", "maxTrials", "maxParallel", "seed", "maxRetries", "heartbeatGraceSec"]);

/** Which field of the form an issue path belongs to. */
export function fieldOf(path: string): FieldKey {
  const head = String(splitPath(path)[0] ?? "");
  if (head === "objective" || head === "objectives") return "objective";
  if (head === "spaceFormat") return "space";
  return DIRECT.has(head) ? (head as FieldKey) : "other";
}

export function groupIssues(issues: Issue[]): Map<FieldKey, Issue[]> {
  const out = new Map<FieldKey, Issue[]>();
  const seen = new Set<string>();
  for (const issue of issues) {
    const key = `${issue.path}|${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const field = fieldOf(issue.path);
    out.set(field, [...(out.get(field) ?? []), issue]);
  }
  return out;
}

/** A failed action's error as issues: every issue when there are several, else the one with its path. */
export function actionIssues(error: Extract<CreateResult, { ok: false }>["error"]): Issue[] {
  if (error.issues && error.issues.length > 0) return error.issues;
  if (error.path === undefined) return [];
  const prefix = `${error.path}: `;
  return [{ path: error.path, message: error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message }];
}
