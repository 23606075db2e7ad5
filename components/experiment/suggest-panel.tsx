"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, useTransition } from "react";
import { renderTemplate } from "@/lib/shared/command-template";
import { formatNumber } from "@/lib/shared/format";
import { shellJoin } from "@/lib/shared/shell";
import { MAX_SUGGESTIONS, type ExperimentActions, type SuggestedTrial } from "@/lib/schemas/actions";

const button = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 disabled:opacity-50";

/**
 * The command line the agent would run for a configuration (the sweep's stored command, else `python train.py`
 * with --name=value appended), by the command template's own rules, for a configuration run by hand.
 */
export function commandLine(params: SuggestedTrial["params"], command: readonly string[] | null): string {
  try {
    return shellJoin(renderTemplate(command ?? ["python", "train.py"], params, { style: "auto", env: {}, argsJsonFile: "args.json" }));
  } catch {
    // An ${envvar:...} only the training machine has: show the template's --name=value form instead.
    return shellJoin(renderTemplate(["python", "train.py"], params, { style: "args", env: {}, argsJsonFile: "args.json" }));
  }
}

const shown = (v: SuggestedTrial["params"][string]) => (typeof v === "number" ? formatNumber(v) : String(v));

/**
 * Suggest: asks the sweep's optimizer for the next configurations it would try, from the history as it is,
 * without creating trials; each can be enqueued (the next ask hands it out) or copied as a command line.
 */
export function SuggestPanel({ experimentId, command, actions }: { experimentId: number; command: readonly string[] | null; actions: ExperimentActions }) {
  const client = useQueryClient();
  const [count, setCount] = useState("5");
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [suggestions, setSuggestions] = useState<SuggestedTrial[] | null>(null);
  const [queued, setQueued] = useState<Record<number, string>>({});

  function suggest() {
    setError(null);
    const n = Number(count);
    if (!Number.isInteger(n) || n < 1 || n > MAX_SUGGESTIONS) {
      setError(`count: a whole number from 1 to ${MAX_SUGGESTIONS}`);
      return;
    }
    startTransition(async () => {
      const result = await actions.suggestTrials({ id: experimentId, count: n });
      if (result.ok) {
        setSuggestions(result.data);
        setQueued({});
      } else setError(result.error.message);
    });
  }

  function enqueue(s: SuggestedTrial) {
    startTransition(async () => {
      const result = await actions.enqueueTrial({ id: experimentId, params: s.params });
      setQueued((q) => ({ ...q, [s.number]: result.ok ? `queued as trial #${result.data}` : result.error.message }));
      await client.invalidateQueries({ queryKey: ["experiment", experimentId] });
    });
  }

  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="suggest-panel" aria-labelledby="suggest-title">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="suggest-title" className="text-sm font-semibold text-slate-800">
          Suggest
        </h2>
        <span className="text-xs text-slate-500">the next configurations the optimizer would try, from the trials so far; nothing is created</span>
        <label className="ml-auto flex items-center gap-1 text-sm text-slate-700">
          how many
          <input className="w-16 rounded-md border border-slate-300 px-2 py-1 text-sm" value={count} onChange={(e) => setCount(e.target.value)} inputMode="numeric" data-testid="suggest-count" aria-label="How many suggestions" />
        </label>
        <button type="button" className={button} disabled={pending} onClick={suggest} data-testid="suggest-button">
          Suggest
        </button>
      </div>
      {error && (
        <p className="mt-2 text-sm text-red-700" role="alert" data-testid="suggest-error">
          {error}
        </p>
      )}
      {suggestions && (
        <ol className="mt-3 space-y-2" data-testid="suggestions">
          {suggestions.map((s) => (
            <li key={s.number} className="rounded-md border border-slate-200 px-3 py-2 text-sm" data-testid="suggestion">
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                <span className="font-medium text-slate-800">#{s.number}</span>
                {Object.entries(s.params).map(([name, v]) => (
                  <span key={name} className="text-slate-700">
                    <span className="text-slate-500">{name}</span> {shown(v)}
                  </span>
                ))}
                <button type="button" className={`${button} ml-auto`} disabled={pending || s.number in queued} onClick={() => enqueue(s)} data-testid="suggestion-enqueue">
                  Enqueue
                </button>
              </div>
              <code className="mt-1 block overflow-x-auto whitespace-nowrap font-mono text-xs text-slate-600" data-testid="suggestion-command">
                {commandLine(s.params, command)}
              </code>
              {queued[s.number] && (
                <p className="mt-1 text-xs text-emerald-700" role="status" data-testid="suggestion-queued">
                  {queued[s.number]}
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
