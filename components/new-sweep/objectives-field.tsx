"use client";

import { buttonClass, describedBy, FieldIssues, inputClass } from "./ui";
import type { Direction, Issue, ObjectiveRow } from "./types";

interface ObjectivesFieldProps {
  objectives: ObjectiveRow[];
  onChange: (objectives: ObjectiveRow[]) => void;
  issues: Issue[];
  wandb: boolean;
}

/** One row per objective: the first is what the sampler optimises and what the table ranks by. */
export function ObjectivesField({ objectives, onChange, issues, wandb }: ObjectivesFieldProps) {
  const update = (index: number, patch: Partial<ObjectiveRow>) => onChange(objectives.map((o, i) => (i === index ? { ...o, ...patch } : o)));
  return (
    <div className="space-y-2">
      {objectives.map((objective, i) => {
        const metricId = `objective-metric-${i}`;
        return (
          <div key={i} className="flex items-end gap-2">
            <div className="min-w-0 flex-1">
              <label htmlFor={metricId} className="mb-1 block text-sm font-medium text-slate-700">
                {i === 0 ? "Metric" : `Metric ${i + 1}`}
              </label>
              <input
                id={metricId}
                className={`${inputClass} font-mono`}
                value={objective.metric}
                placeholder={wandb ? "from the W&B metric" : "val_loss"}
                autoComplete="off"
                onChange={(e) => update(i, { metric: e.target.value })}
                data-testid="objective-metric"
                {...describedBy("objective", issues)}
              />
            </div>
            <div className="w-36">
              <label htmlFor={`objective-direction-${i}`} className="sr-only">
                Direction of metric {i + 1}
              </label>
              <select
                id={`objective-direction-${i}`}
                className={inputClass}
                value={objective.direction}
                onChange={(e) => update(i, { direction: e.target.value as Direction })}
                data-testid="objective-direction"
              >
                <option value="minimize">minimize</option>
                <option value="maximize">maximize</option>
              </select>
            </div>
            {i > 0 && (
              <button type="button" className={buttonClass} aria-label={`Remove metric ${i + 1}`} onClick={() => onChange(objectives.filter((_, j) => j !== i))}>
                ✕
              </button>
            )}
          </div>
        );
      })}
      <div className="flex items-center justify-between gap-2">
        <p className="text-xs text-slate-500">{wandb ? "Leave blank to use the W&B config's metric." : "Printed by your script as name=value; the first metric drives the search."}</p>
        {objectives.length < 8 && (
          <button type="button" className="shrink-0 text-xs font-medium text-indigo-700 hover:underline" onClick={() => onChange([...objectives, { metric: "", direction: "minimize" }])}>
            + Add objective
          </button>
        )}
      </div>
      <FieldIssues id="objective-issues" issues={issues} />
    </div>
  );
}
