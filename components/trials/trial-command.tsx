"use client";

import { CopyButton } from "@/components/new-sweep/copy-button";
import { LocalTime } from "@/components/local-time";
import type { TrialCommandDto } from "@/lib/schemas/trial-output";
import { shellJoin } from "@/lib/shared/shell";

/** The command line the trial ran, quoted for a shell and copyable, with where and on which machine. */
export function TrialCommand({ command }: { command: TrialCommandDto | null }) {
  return (
    <section className="space-y-2" data-testid="trial-command">
      <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Command</h2>
      {command === null ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-4 text-sm text-slate-500" data-testid="trial-command-none">
          No command line was reported for this trial (the agent sends it as the run starts).
        </p>
      ) : (
        <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
          <div className="flex items-start gap-2">
            <pre className="min-w-0 flex-1 overflow-x-auto whitespace-pre-wrap break-all rounded-md bg-slate-900 px-3 py-2 font-mono text-[13px] text-slate-100" data-testid="trial-command-line" tabIndex={0} aria-label="Command line">
              {shellJoin(command.argv)}
            </pre>
            <CopyButton text={shellJoin(command.argv)} label="command line" />
          </div>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-500">Directory</dt>
            <dd className="break-all font-mono text-[13px]" data-testid="trial-command-cwd">{command.cwd}</dd>
            <dt className="text-slate-500">Host</dt>
            <dd data-testid="trial-command-host">
              {command.host}
              {command.worker && <span className="text-slate-500"> · worker {command.worker}</span>}
            </dd>
            <dt className="text-slate-500">Started</dt>
            <dd>
              <LocalTime iso={command.startedAt} testId="trial-command-started" />
            </dd>
          </dl>
        </div>
      )}
    </section>
  );
}
