"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { Snippet } from "./copy-button";
import { buttonClass } from "./ui";
import type { CreatedSweep } from "./types";

/** ` -- python train.py` for a sweep that stores no command; with one, the agent runs it. */
function commandTail(sweep: CreatedSweep): string {
  return sweep.command ? "" : " -- python train.py";
}

export function agentCommand(origin: string, sweep: CreatedSweep, parallel: number): string {
  return `SWEEPBOARD_URL=${origin} SWEEPBOARD_TOKEN=${sweep.token} npx sweepboard agent ${sweep.id} --parallel ${parallel}${commandTail(sweep)}`;
}

/** On any machine with Node 20+ and nothing installed: the CLI file this server serves, then the agent. */
export function remoteAgentCommand(origin: string, sweep: CreatedSweep, parallel: number): string {
  return [`curl -fsSO ${origin}/sweepboard.mjs`, `SWEEPBOARD_URL=${origin} SWEEPBOARD_TOKEN=${sweep.token} node sweepboard.mjs agent ${sweep.id} --parallel ${parallel}${commandTail(sweep)}`].join("\n");
}

/**
 * On a machine with only Python: the client's wheel from this server (`wheel` is its file name, from the page), then
 * a script using it.
 */
export function pythonInstallCommand(origin: string, sweep: CreatedSweep, wheel: string): string {
  return [
    `pip install ${origin}/python/${wheel}`,
    `export SWEEPBOARD_URL=${origin} SWEEPBOARD_TOKEN=${sweep.token}`,
    `# then in train.py: import sweepboard; for trial in sweepboard.Client().trials(${sweep.id}): ... trial.tell(loss)`,
  ].join("\n");
}

export function curlExample(origin: string, sweep: CreatedSweep): string {
  return [
    `export SWEEPBOARD_URL=${origin}`,
    `H="Authorization: Bearer ${sweep.token}"`,
    "",
    "# ask for a trial: answers {\"trial\": {\"id\": ..., \"params\": {...}}}",
    `TRIAL=$(curl -s -X POST "$SWEEPBOARD_URL/api/v1/experiments/${sweep.id}/trials" -H "$H" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)`,
    "",
    "# report intermediate metrics while it trains",
    `curl -s "$SWEEPBOARD_URL/api/v1/trials/$TRIAL/metrics" -H "$H" -H 'content-type: application/json' \\`,
    `  -d '{"points": [{"name": "${sweep.objective}", "step": 1, "value": 0.42}]}'`,
    "",
    "# tell the final value",
    `curl -s "$SWEEPBOARD_URL/api/v1/trials/$TRIAL/complete" -H "$H" -H 'content-type: application/json' -d '{"value": 0.42}'`,
  ].join("\n");
}

/** Shown in place of the form once the sweep exists: where to see it and how to feed it trials. */
export function CreatedPanel({ sweep, origin, parallel, pythonWheel, onAnother }: { sweep: CreatedSweep; origin: string; parallel: number; pythonWheel: string | null; onAnother: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="overflow-hidden rounded-lg border border-emerald-200 bg-white shadow-sm" data-testid="created-panel" aria-labelledby="created-title">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-emerald-100 bg-emerald-50 px-5 py-4">
        <div>
          <h2 id="created-title" ref={heading} tabIndex={-1} className="text-base font-semibold text-emerald-900 outline-none">
            Sweep “{sweep.name}” created
          </h2>
          <p className="mt-0.5 text-sm text-emerald-800">
            Experiment #{sweep.id}. A fresh API token was made for its agents; it is shown only here, so copy it now.
          </p>
        </div>
        <div className="flex items-center gap-2">
          <button type="button" className={buttonClass} onClick={onAnother} data-testid="create-another">
            Create another
          </button>
          <Link
            href={`/experiments/${sweep.id}`}
            className="inline-flex items-center rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
            data-testid="experiment-link"
          >
            Open experiment →
          </Link>
        </div>
      </div>
      <div className="space-y-5 px-5 py-5">
        <Snippet label={sweep.command ? "Run the agent (it runs the sweep's command)" : "Run the agent (replace python train.py with your training command)"} text={agentCommand(origin, sweep, parallel)} testId="agent-command" wrap />
        <Snippet label="On a GPU machine without this repository (Node 20+ only): fetch the CLI from this server and run the agent" text={remoteAgentCommand(origin, sweep, parallel)} testId="remote-agent-command" />
        {pythonWheel && <Snippet label="Or from Python (3.8+, nothing else needed): install the client from this server" text={pythonInstallCommand(origin, sweep, pythonWheel)} testId="python-install-command" />}
        <Snippet label="Or drive it with curl (ask, report, complete)" text={curlExample(origin, sweep)} testId="curl-example" />
        <p className="text-xs text-slate-500">
          The agent passes each trial&apos;s parameters as <code className="rounded bg-slate-100 px-1">--name=value</code> arguments and reads metrics printed as{" "}
          <code className="rounded bg-slate-100 px-1">{sweep.objective}=0.42</code> on stdout.
        </p>
      </div>
    </section>
  );
}
