"use client";

import { useMemo, useRef, useState } from "react";
import { stringify } from "yaml";
import { EXAMPLE_SPACE_YAML } from "./examples";
import { rowsToText } from "./flat-space";
import { locateIssueLine } from "./locate-issue";
import { PreviewSamples } from "./preview-samples";
import { SpaceBuilder } from "./space-builder";
import { revealLine, SpaceEditor } from "./space-editor";
import { SpaceIssues, type LocatedIssue } from "./space-issues";
import { convertSource } from "./space-source";
import { Card, buttonClass, compactSelectClass } from "./ui";
import { WandbImport } from "./wandb-import";
import type { Issue, PreviewResult, SpaceFormat } from "./types";

interface SpaceCardProps {
  text: string;
  format: SpaceFormat;
  onChange: (next: { text: string; format: SpaceFormat }) => void;
  onImportWandb: (text: string) => void;
  /** Converts the W&B config in the editor to the native space the server read it as. */
  onUseNative: (yamlText: string) => void;
  issues: Issue[];
  preview: PreviewResult | undefined;
  previewError: Error | null;
  checking: boolean;
}

type Panel = "none" | "builder" | "wandb";

export function SpaceCard({ text, format, onChange, onImportWandb, onUseNative, issues, preview, previewError, checking }: SpaceCardProps) {
  const [panel, setPanel] = useState<Panel>("none");
  const [undo, setUndo] = useState<{ text: string; format: SpaceFormat; what: string } | null>(null);
  const editor = useRef<HTMLTextAreaElement>(null);

  const located: LocatedIssue[] = useMemo(() => issues.map((issue) => ({ ...issue, line: locateIssueLine(text, format, issue.path) })), [issues, text, format]);
  const marked = useMemo(() => new Set(located.flatMap((i) => (i.line === undefined ? [] : [i.line]))), [located]);
  const converted = format === "wandb" && preview?.ok && preview.space ? stringify(preview.space) : null;

  function replace(next: { text: string; format: SpaceFormat }, what: string) {
    setUndo({ text, format, what });
    onChange(next);
  }
  const toggle = (which: Panel) => setPanel((p) => (p === which ? "none" : which));

  return (
    <Card
      id="space"
      title="Search space"
      description={<>YAML or JSON. Types: uniform, loguniform, quniform, qloguniform, normal, int, categorical, const, and choice (options with their own params).</>}
    >
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor="space-format" className="text-sm font-medium text-slate-700">
          Format
        </label>
        <select
          id="space-format"
          className={`${compactSelectClass} w-48`}
          value={format}
          data-testid="space-format"
          onChange={(e) => {
            const to = e.target.value as SpaceFormat;
            onChange({ text: convertSource(text, format, to), format: to });
          }}
        >
          <option value="yaml">YAML</option>
          <option value="json">JSON</option>
          <option value="wandb">W&amp;B sweep YAML</option>
        </select>
        <span className="flex-1" />
        <button type="button" className={buttonClass} aria-expanded={panel === "builder"} aria-controls="space-builder-panel" onClick={() => toggle("builder")} data-testid="builder-open">
          Build with a form
        </button>
        <button type="button" className={buttonClass} aria-expanded={panel === "wandb"} aria-controls="wandb-import-panel" onClick={() => toggle("wandb")} data-testid="wandb-import-open">
          Import W&amp;B sweep YAML
        </button>
      </div>
      {panel === "builder" && (
        <div id="space-builder-panel">
          <SpaceBuilder
            onWrite={(rows) => {
              const to = format === "json" ? "json" : "yaml";
              replace({ text: rowsToText(rows, to), format: to }, "the form's space");
              setPanel("none");
            }}
          />
        </div>
      )}
      {panel === "wandb" && (
        <div id="wandb-import-panel">
          <WandbImport
            onCancel={() => setPanel("none")}
            onImport={(source) => {
              setUndo({ text, format, what: "the W&B config" });
              onImportWandb(source);
              setPanel("none");
            }}
          />
        </div>
      )}
      {undo && (
        <p className="flex items-center justify-between rounded-md bg-indigo-50 px-3 py-1.5 text-xs text-indigo-900" role="status">
          <span>The editor now holds {undo.what}.</span>
          <span className="flex gap-3">
            <button
              type="button"
              className="font-medium underline-offset-2 hover:underline"
              onClick={() => {
                onChange({ text: undo.text, format: undo.format });
                setUndo(null);
              }}
            >
              Undo
            </button>
            <button type="button" className="text-indigo-700/70 hover:text-indigo-900" aria-label="Dismiss" onClick={() => setUndo(null)}>
              ✕
            </button>
          </span>
        </p>
      )}

      <div>
        <div className="mb-1 flex items-center justify-between">
          <label htmlFor="space-editor" className="text-sm font-medium text-slate-700">
            {format === "wandb" ? "W&B sweep config" : `Space (${format.toUpperCase()})`}
          </label>
          <button type="button" className="text-xs text-slate-500 hover:text-slate-800" onClick={() => replace({ text: EXAMPLE_SPACE_YAML, format: "yaml" }, "the example space")}>
            Reset to example
          </button>
        </div>
        <SpaceEditor id="space-editor" value={text} onChange={(t) => onChange({ text: t, format })} markedLines={marked} describedBy="space-issues-list" invalid={issues.length > 0} textareaRef={editor} />
      </div>

      <SpaceIssues id="space-issues-list" issues={located} checking={checking} checked={preview !== undefined} onReveal={(line) => editor.current && revealLine(editor.current, line)} />
      {previewError && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" role="status">
          Live validation is unavailable: {previewError.message}
        </p>
      )}

      {converted && (
        <div data-testid="converted-space">
          <div className="mb-1 flex items-center justify-between">
            <h3 className="text-sm font-medium text-slate-700">Converted native space</h3>
            <button type="button" className={buttonClass} onClick={() => {
                setUndo({ text, format, what: "the converted native space" });
                onUseNative(converted);
              }}
              data-testid="use-native">
              Edit as native YAML
            </button>
          </div>
          <pre className="max-h-64 overflow-auto rounded-md border border-slate-200 bg-slate-50 px-3 py-2 font-mono text-[12.5px] leading-5 text-slate-700">{converted}</pre>
          {(preview?.warnings?.length ?? 0) > 0 && (
            <ul className="mt-2 space-y-1 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="wandb-warnings" role="status">
              {preview!.warnings!.map((w) => (
                <li key={w.path}>
                  <code className="font-mono text-[12.5px]">{w.path.replace(/^space\./, "")}</code>: not imported, {w.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}

      <div>
        <h3 className="mb-1 flex items-center gap-2 text-sm font-medium text-slate-700">
          Sample configurations
          <span className="text-xs font-normal text-slate-500">drawn at random, as agents receive them</span>
        </h3>
        <PreviewSamples samples={preview?.ok ? preview.samples : []} stale={checking} />
      </div>
    </Card>
  );
}
