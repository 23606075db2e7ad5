import { expect } from "vitest";
import { ConfigError } from "../../../lib/optimizer";

/** The issues a call throws as [path, message] pairs; [] when it does not throw. */
export function issues(fn: () => unknown): Array<[string, string]> {
  try {
    fn();
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map((i) => [i.path, i.message]);
    throw e;
  }
}

/** Exactly one issue, at `path`, whose message matches. */
export function expectRefused(fn: () => unknown, path: string, message: RegExp): void {
  const found = issues(fn);
  expect(found).toHaveLength(1);
  expect(found[0]![0]).toBe(path);
  expect(found[0]![1]).toMatch(message);
}

export function expectAccepted(fn: () => unknown): void {
  expect(issues(fn)).toEqual([]);
}

/** A choice nested `depth` levels deep (depth 1 is a single choice), and the path of its innermost choice. */
export function nestedChoice(depth: number): { space: Record<string, unknown>; innermost: string } {
  let node: unknown = { type: "choice", options: ["leaf", "other"] };
  let innermost = "c";
  for (let level = 1; level < depth; level++) {
    node = { type: "choice", options: [{ value: "deeper", params: { c: node } }, "stop"] };
    innermost = `c.options[0].params.${innermost}`;
  }
  return { space: { c: node }, innermost };
}
