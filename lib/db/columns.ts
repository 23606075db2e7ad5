import "server-only";
import { sql, type RawBuilder, type Selectable } from "kysely";
import type { ApiToken, Experiment, MetricPoint, Session, ShareLink, Trial } from "@/lib/generated/kysely/types";
import type { InternalParams, Params } from "@/lib/optimizer";
import { isPostgres } from "./client";

// Rows as the query layer returns them, typed from schema.prisma (prisma-kysely), never by a hand-written
// copy: JSON columns are their TEXT, DateTime columns their ISO-8601 TEXT (on PostgreSQL too: lib/db/postgres.ts). The helpers below are the one place
// each JSON column kind is parsed back; DTO mapping (lib/server/dto.ts and friends) turns dates into output.

export type ExperimentRow = Selectable<Experiment>;
export type TrialRow = Selectable<Trial>;
export type ApiTokenRow = Selectable<ApiToken>;
export type SessionRow = Selectable<Session>;
export type ShareLinkRow = Selectable<ShareLink>;
export type MetricPointRow = Omit<Selectable<MetricPoint>, "trialId">;

/** JSON as it is stored (TEXT, on both databases): what every JSON column is written as. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value);
}

/** Trial.params: the values as users see them. */
export const parseParams = (text: string): Params => JSON.parse(text) as Params;
/** Trial.paramsInternal: the engine's numeric form (a categorical value is its index). */
export const parseInternalParams = (text: string): InternalParams => JSON.parse(text) as InternalParams;
/** Trial.values: one per objective, or null while the trial has none. */
export const parseValues = (text: string | null): number[] | null => (text === null ? null : (JSON.parse(text) as number[]));
/** Trial.constraints: JSON has no NaN, so a constraint that was not reported is stored as null and read back as NaN. */
export const parseConstraints = (text: string | null): number[] | null => (text === null ? null : (JSON.parse(text) as Array<number | null>).map((c) => c ?? NaN));
export const constraintsText = (values: readonly number[]): string => JSON.stringify(values.map((c) => (Number.isNaN(c) ? null : c)));
/** Trial.userAttrs and systemAttrs, ShareLink.viewState: plain objects. */
export const parseAttrs = (text: string): Record<string, unknown> => (JSON.parse(text) ?? {}) as Record<string, unknown>;
/** Experiment.tags and Trial.tags: an array of strings, written normalised (lib/schemas/notes.ts). */
export const parseTags = (text: string): string[] => {
  const value: unknown = JSON.parse(text);
  return Array.isArray(value) ? value.filter((t): t is string => typeof t === "string") : [];
};
/**
 * Experiment.space, samplerConfig, prunerConfig, objectives: written only after validation, and parsed
 * again by their own validators (the optimizer's parsers, lib/schemas' objectivesColumn) where they are used.
 */
export const parseConfig = (text: string): unknown => JSON.parse(text);

// DateTime TEXT comes in three spellings: ours (toISOString, "…Z"), Prisma's ("…+00:00", on rows older than
// the move to Kysely) and SQLite's CURRENT_TIMESTAMP default ("YYYY-MM-DD HH:MM:SS", UTC without saying so).
const SQLITE_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/;

/** A stored DateTime as a Date (UTC whichever way it was written). */
export function storedDate(text: string): Date {
  return new Date(SQLITE_TIMESTAMP.test(text) ? `${text.replace(" ", "T")}Z` : text);
}

/** A stored DateTime in the one ISO-8601 form the API answers with ("…Z"); null stays null. */
export function storedIso(text: string): string;
export function storedIso(text: string | null): string | null;
export function storedIso(text: string | null): string | null {
  if (text === null) return null;
  // Ours are already in that form (toISOString): pass them through, as the dashboard maps 100,000 rows at a time.
  if (text.length === 24 && text[10] === "T" && text[23] === "Z") return text;
  return storedDate(text).toISOString();
}

/**
 * The right-hand side of `column in (...)` for a list of ids or names, passed as one parameter: the SQL text
 * is the same whatever the length (one prepared statement), and a 100,000-trial list stays under SQLite's limit
 * of 32,766 bound variables (and PostgreSQL's 65,535). SQLite reads it as JSON, PostgreSQL as an array.
 */
export function jsonList<T extends number | string>(values: readonly T[]) {
  if (values.length === 0) return sql<T>`(NULL)`;
  if (!isPostgres()) return sql<T>`(SELECT value FROM json_each(${JSON.stringify(values)}))`;
  return typeof values[0] === "number" ? sql<T>`(SELECT unnest(CAST(${values} AS bigint[])))` : sql<T>`(SELECT unnest(CAST(${values} AS text[])))`;
}

/**
 * A DateTime column or parameter as a comparable time. SQLite's julianday() reads every spelling a DateTime is
 * stored in (see storedDate); PostgreSQL's columns are timestamps, and an ISO parameter is cast to one (its
 * "Z" is ignored: the columns hold UTC).
 */
export function storedTime(column: string): RawBuilder<unknown> {
  return isPostgres() ? sql`${sql.ref(column)}` : sql`julianday(${sql.ref(column)})`;
}

export function timeParam(iso: string): RawBuilder<unknown> {
  return isPostgres() ? sql`CAST(${iso} AS timestamp)` : sql`julianday(${iso})`;
}
