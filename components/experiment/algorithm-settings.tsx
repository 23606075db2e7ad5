import { algorithmLine, prunerSummary, samplerSummary, settingsJson } from "./algorithm-summary";

interface AlgorithmSettingsProps {
  sampler: string;
  samplerConfig: unknown;
  pruner: string;
  prunerConfig: unknown;
}

function Row({ kind, label, line, json }: { kind: "sampler" | "pruner"; label: string; line: string; json: string }) {
  return (
    <details className="group">
      <summary className="cursor-pointer list-none text-xs text-slate-500 hover:text-slate-800" data-testid={`experiment-${kind}`}>
        <span className="font-medium text-slate-600">{label}:</span> {line}
        <span className="ml-1 text-slate-400 group-open:hidden">▸</span>
        <span className="ml-1 hidden text-slate-400 group-open:inline">▾</span>
      </summary>
      <pre className="mt-1 max-w-3xl overflow-x-auto rounded bg-slate-50 p-2 font-mono text-[12px] text-slate-700 ring-1 ring-slate-200" data-testid={`experiment-${kind}-json`}>
        {json}
      </pre>
    </details>
  );
}

/** The resolved sampler and pruner settings, one line each; the full JSON opens under the line. */
export function AlgorithmSettings({ sampler, samplerConfig, pruner, prunerConfig }: AlgorithmSettingsProps) {
  return (
    <div className="mt-1 space-y-0.5" data-testid="experiment-algorithms">
      <Row kind="sampler" label="Sampler" line={algorithmLine(sampler, samplerSummary(sampler, samplerConfig))} json={settingsJson(samplerConfig)} />
      <Row kind="pruner" label="Pruner" line={algorithmLine(pruner, prunerSummary(pruner, prunerConfig))} json={settingsJson(prunerConfig)} />
    </div>
  );
}
