import { Document, isMap } from "yaml";
import { setOwn } from "@/lib/shared/own";

export type RowKind = "float" | "int" | "categorical" | "const";

/** One parameter of a flat space as the form edits it: text fields, converted when written out. */
export interface FlatRow {
  id: number;
  name: string;
  kind: RowKind;
  low: string;
  high: string;
  step: string;
  log: boolean;
  values: string;
}

let nextId = 1;

export function newRow(partial: Partial<Omit<FlatRow, "id">> = {}): FlatRow {
  return { id: nextId++, name: "", kind: "float", low: "", high: "", step: "", log: false, values: "", ...partial };
}

export const STARTER_ROWS = (): FlatRow[] => [
  newRow({ name: "lr", kind: "float", low: "1e-5", high: "1e-1", log: true }),
  newRow({ name: "batch_size", kind: "categorical", values: "32, 64, 128" }),
  newRow({ name: "layers", kind: "int", low: "1", high: "6" }),
];

/** "relu, 1, true, null" -> ["relu", 1, true, null]: numbers and booleans keep their type. */
export function parseLiteral(text: string): string | number | boolean | null {
  const t = text.trim();
  if (t === "true" || t === "false") return t === "true";
  if (t === "null") return null;
  if (t !== "" && Number.isFinite(Number(t))) return Number(t);
  return t;
}

export function parseValues(text: string): Array<string | number | boolean | null> {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .map(parseLiteral);
}

/** Blank stays blank (the server then says "is required"); anything else is sent as a number. */
function num(text: string): number | undefined {
  return text.trim() === "" ? undefined : Number(text.trim());
}

function withDefined(node: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(node).filter(([, v]) => v !== undefined));
}

export function rowToNode(row: FlatRow): unknown {
  switch (row.kind) {
    case "float": {
      const q = num(row.step);
      const type = `${q !== undefined ? "q" : ""}${row.log ? "loguniform" : "uniform"}`;
      return withDefined({ type, low: num(row.low), high: num(row.high), q });
    }
    case "int":
      return withDefined({ type: "int", low: num(row.low), high: num(row.high), step: num(row.step), log: row.log || undefined });
    case "categorical":
      return { type: "categorical", values: parseValues(row.values) };
    case "const":
      return parseLiteral(row.values);
  }
}

/** The space the rows describe; rows without a name are skipped. */
export function rowsToSpace(rows: FlatRow[]): Record<string, unknown> {
  const space: Record<string, unknown> = {};
  for (const row of rows) if (row.name.trim() !== "") setOwn(space, row.name.trim(), rowToNode(row));
  return space;
}

export function rowsToText(rows: FlatRow[], format: "json" | "yaml"): string {
  const space = rowsToSpace(rows);
  if (format === "json") return `${JSON.stringify(space, null, 2)}\n`;
  // One line per parameter: a flat space reads like a table.
  const doc = new Document(space);
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) if (isMap(pair.value)) pair.value.flow = true;
  }
  return doc.toString({ flowCollectionPadding: false });
}
