"use client";

import { settingsAfterSwitch, type AlgorithmInfo } from "./algorithms";
import { describedBy, FieldIssues, inputClass } from "./ui";
import type { Issue } from "./types";

interface AlgorithmFieldProps {
  kind: "sampler" | "pruner";
  label: string;
  options: AlgorithmInfo[];
  type: string;
  settings: string;
  onChange: (next: { type: string; settings: string }) => void;
  issues: Issue[];
  /** Label and help of the "auto" choice when the space is a W&B import (its method decides). */
  autoLabel?: string;
  autoHelp?: string;
}

/** A type select plus a small JSON textarea of that algorithm's settings; the preview checks both. */
export function AlgorithmField({ kind, label, options, type, settings, onChange, issues, autoLabel, autoHelp }: AlgorithmFieldProps) {
  const info = options.find((o) => o.value === type);
  const takesSettings = (info?.keys.length ?? 0) > 0;
  const typeId = `${kind}-type`;
  const settingsId = `${kind}-settings`;
  return (
    <div className="space-y-2">
      <div>
        <label htmlFor={typeId} className="mb-1 block text-sm font-medium text-slate-700">
          {label}
        </label>
        <select
          id={typeId}
          className={inputClass}
          value={type}
          data-testid={typeId}
          aria-describedby={`${typeId}-help`}
          onChange={(e) => onChange({ type: e.target.value, settings: settingsAfterSwitch(options, type, e.target.value, settings) })}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.value === "auto" && autoLabel ? autoLabel : o.label}
            </option>
          ))}
        </select>
        <p id={`${typeId}-help`} className="mt-1 text-xs text-slate-500">
          {type === "auto" && autoHelp ? autoHelp : info?.help}
        </p>
      </div>
      <div>
        <label htmlFor={settingsId} className="mb-1 block text-xs font-medium text-slate-600">
          {kind === "sampler" ? "Sampler" : "Pruner"} settings (JSON)
        </label>
        <textarea
          id={settingsId}
          className={`${inputClass} font-mono text-[13px]`}
          rows={Math.min(6, Math.max(2, settings.split("\n").length))}
          value={settings}
          spellCheck={false}
          disabled={type === "auto"}
          onChange={(e) => onChange({ type, settings: e.target.value })}
          data-testid={settingsId}
          {...describedBy(settingsId, issues, true)}
        />
        <p id={`${settingsId}-hint`} className="mt-1 text-xs text-slate-500">
          {takesSettings ? (
            <>
              Keys:{" "}
              {info!.keys.map((k, i) => (
                <span key={k}>
                  {i > 0 && ", "}
                  <code className="text-slate-600">{k}</code>
                </span>
              ))}
            </>
          ) : type === "auto" ? (
            "Pick a sampler to tune its settings."
          ) : (
            "Takes no settings."
          )}
        </p>
        <FieldIssues id={`${settingsId}-issues`} issues={issues} />
      </div>
    </div>
  );
}
