import { jsonErrorOffset } from "./json-error-offset";
import { isMap, isScalar, isSeq, parseDocument, type Node } from "yaml";
import type { SpaceFormat } from "./types";

type Segment = string | number;

/** `space.optimizer.options[1].params.lr` -> ["space", "optimizer", "options", 1, "params", "lr"]. */
export function splitPath(path: string): Segment[] {
  const out: Segment[] = [];
  for (const part of path.match(/[^.[\]]+|\[\d+\]/g) ?? []) {
    out.push(part.startsWith("[") ? Number(part.slice(1, -1)) : part);
  }
  return out;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Where the source text fails to parse, if it does (JSON or YAML). */
export function syntaxErrorLine(text: string, format: SpaceFormat): number | undefined {
  if (format === "json") {
    try {
      JSON.parse(text);
      return undefined;
    } catch (error) {
      const message = error instanceof Error ? error.message : "";
      const line = /line (\d+)/.exec(message);
      if (line) return Number(line[1]);
      const position = /position (\d+)/.exec(message);
      if (position) return lineOf(text, Number(position[1]));
      const offset = jsonErrorOffset(text);
      return offset >= 0 ? lineOf(text, offset) : undefined;
    }
  }
  const doc = parseDocument(text);
  const first = doc.errors[0];
  return first?.linePos?.[0]?.line;
}

/**
 * The line of `text` that a server issue path points at, best effort: walks the parsed document along
 * the path (a map key may itself contain dots, so the longest key that matches wins) and answers the
 * line of the deepest node found. Paths outside the space, or a text that does not parse, give undefined.
 */
export function locateIssueLine(text: string, format: SpaceFormat, path: string): number | undefined {
  const segments = splitPath(path);
  if (segments[0] !== "space") return undefined;
  const rest = segments.slice(1);
  if (rest.length === 0) return syntaxErrorLine(text, format);
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return undefined;
  let node: unknown = doc.contents;
  let offset: number | undefined;
  for (let i = 0; i < rest.length; ) {
    const segment = rest[i]!;
    if (isMap(node)) {
      const map = node;
      let matched = false;
      for (let j = rest.length; j > i && !matched; j--) {
        const parts = rest.slice(i, j);
        if (parts.some((p) => typeof p === "number")) continue;
        const key = parts.join(".");
        const pair = map.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
        if (!pair) continue;
        offset = (pair.key as Node).range?.[0] ?? offset;
        node = pair.value;
        i = j;
        matched = true;
      }
      if (!matched) break;
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment];
      if (item === undefined) break;
      offset = (item as Node).range?.[0] ?? offset;
      node = item;
      i++;
    } else break;
  }
  return offset === undefined ? undefined : lineOf(text, offset);
}
