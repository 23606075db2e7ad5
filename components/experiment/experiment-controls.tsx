"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, useTransition } from "react";
import type { ExperimentActions } from "@/lib/schemas/actions";
import type { ExperimentSummary } from "@/lib/schemas/experiment";

const button = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 disabled:opacity-50";

/** Pause, resume, finish, extend the budget and enqueue parameters; errors show inline. */
export function ExperimentControls({ experiment, actions }: { experiment: ExperimentSummary; actions: ExperimentActions }) {
  const client = useQueryClient();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ kind: "error" | "ok"; text: string } | null>(null);
  const [add, setAdd] = useState("10");
  const [params, setParams] = useState("");
  const [showEnqueue, setShowEnqueue] = useState(false);

  function run(task: () => Promise<{ ok: true; data: unknown } | { ok: false; error: { message: string } }>, success: string) {
    setMessage(null);
    startTransition(async () => {
      const result = await task();
      setMessage(result.ok ? { kind: "ok", text: success } : { kind: "error", text: result.error.message });
      await client.invalidateQueries({ queryKey: ["experiment", experiment.id] });
    });
  }

  function enqueue() {
    let parsed: unknown;
    try {
      parsed = JSON.parse(params);
    } catch (error) {
      setMessage({ kind: "error", text: `parameters: not valid JSON (${error instanceof Error ? error.message : String(error)})` });
      return;
    }
    run(() => actions.enqueueTrial({ id: experiment.id, params: parsed }), "Queued: the next ask runs these parameters.");
  }

  const status = experiment.status;
  return (
    <div className="space-y-2" data-testid="experiment-controls">
      <div className="flex flex-wrap items-center gap-2">
        {status === "running" && (
          <button type="button" className={button} disabled={pending} onClick={() => run(() => actions.changeStatus({ id: experiment.id, action: "pause" }), "Paused.")} data-testid="pause-button">
            Pause
          </button>
        )}
        {/* A completed sweep has spent its budget: extending it resumes the sweep, so there is no Resume. */}
        {status === "paused" && (
          <button type="button" className={button} disabled={pending} onClick={() => run(() => actions.changeStatus({ id: experiment.id, action: "resume" }), "Resumed.")} data-testid="resume-button">
            Resume
          </button>
        )}
        {(status === "running" || status === "paused") && (
          <button type="button" className={button} disabled={pending} onClick={() => run(() => actions.changeStatus({ id: experiment.id, action: "finish" }), "Finished.")} data-testid="finish-button">
            Finish
          </button>
        )}
        {experiment.maxTrials !== null && status !== "archived" && (
          <span className="flex items-center gap-1">
            <input type="number" min={1} value={add} onChange={(e) => setAdd(e.target.value)} aria-label="Trials to add to the budget" className="w-20 rounded-md border border-slate-300 px-2 py-1.5 text-sm" data-testid="extend-amount" />
            <button
              type="button"
              className={button}
              disabled={pending}
              onClick={() => run(() => actions.extendBudget({ id: experiment.id, add: Number(add) }), status === "completed" ? `Budget extended by ${add}: the sweep runs again.` : `Budget extended by ${add}.`)}
              title={status === "completed" ? "Adds trials to the budget and resumes the sweep" : undefined}
              data-testid="extend-button"
            >
              {status === "completed" ? "Extend budget and resume" : "Extend budget"}
            </button>
          </span>
        )}
        <button type="button" className={button} onClick={() => setShowEnqueue((s) => !s)} data-testid="enqueue-toggle">
          Enqueue parameters
        </button>
      </div>
      {showEnqueue && (
        <div className="flex flex-wrap items-start gap-2">
          <textarea
            value={params}
            onChange={(e) => setParams(e.target.value)}
            placeholder='{"lr": 0.01, "layers": 3}'
            aria-label="Parameters to enqueue, as JSON"
            rows={2}
            className="min-w-[24rem] flex-1 rounded-md border border-slate-300 px-2 py-1.5 font-mono text-sm"
            data-testid="enqueue-params"
          />
          <button type="button" className={button} disabled={pending || params.trim() === ""} onClick={enqueue} data-testid="enqueue-button">
            Queue trial
          </button>
        </div>
      )}
      {message && (
        <p className={`text-sm ${message.kind === "error" ? "text-rose-700" : "text-emerald-700"}`} role={message.kind === "error" ? "alert" : "status"} data-testid="controls-message">
          {message.text}
        </p>
      )}
    </div>
  );
}
