"use client";

import { takeEarlyResponse } from "./early-fetch";

/** The dashboard's fetcher: JSON in and out, the server's error message surfaced as the Error's message. */
export class FetchError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export async function fetchJson<T>(path: string, opts: { share?: string | null; signal?: AbortSignal; method?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (opts.share) headers["x-sweepboard-share"] = opts.share;
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const early = (opts.method ?? "GET") === "GET" && !opts.share ? await takeEarlyResponse(path) : undefined;
  const res = early ?? (await fetch(path, { method: opts.method ?? "GET", headers, signal: opts.signal, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), cache: "no-store" }));
  const data = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!res.ok) throw new FetchError(data?.error?.message ?? `request failed (${res.status})`, res.status, data?.error?.code);
  return data as T;
}
