"use client";

import { useState, type Ref } from "react";

const LINE = 20;
const PAD = 12;

/** Selects line `line` of the textarea, scrolls it into view and focuses it (from the issues list). */
export function revealLine(textarea: HTMLTextAreaElement, line: number) {
  const lines = textarea.value.split("\n");
  let start = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) start += lines[i]!.length + 1;
  const end = start + (lines[line - 1]?.length ?? 0);
  textarea.focus();
  textarea.setSelectionRange(start, end);
  textarea.scrollTop = Math.max(0, (line - 1) * LINE - textarea.clientHeight / 3);
}

interface SpaceEditorProps {
  id: string;
  value: string;
  onChange: (value: string) => void;
  /** Lines that an issue points at, 1-based. */
  markedLines: ReadonlySet<number>;
  describedBy?: string;
  invalid?: boolean;
  textareaRef?: Ref<HTMLTextAreaElement>;
  rows?: number;
}

/**
 * A plain monospace textarea with a line-number gutter. Lines that issues point at are tinted behind
 * the text and flagged in the gutter; both layers follow the textarea's scroll position.
 */
export function SpaceEditor({ id, value, onChange, markedLines, describedBy, invalid, textareaRef, rows = 22 }: SpaceEditorProps) {
  const [scrollTop, setScrollTop] = useState(0);
  const lineCount = value.split("\n").length;
  return (
    <div
      className={`flex overflow-hidden rounded-md border bg-white font-mono text-[13px] shadow-sm focus-within:ring-2 ${invalid ? "border-rose-300 focus-within:ring-rose-500/15" : "border-slate-300 focus-within:border-indigo-500 focus-within:ring-indigo-500/20"}`}
    >
      <div aria-hidden className="relative w-11 shrink-0 select-none overflow-hidden border-r border-slate-200 bg-slate-50 text-right text-slate-400">
        <div style={{ transform: `translateY(${-scrollTop}px)`, paddingTop: PAD }}>
          {Array.from({ length: lineCount }, (_, i) => {
            const marked = markedLines.has(i + 1);
            return (
              <div key={i} style={{ height: LINE, lineHeight: `${LINE}px` }} className={`pr-2 ${marked ? "bg-rose-100 font-semibold text-rose-600" : ""}`} data-marked={marked || undefined}>
                {i + 1}
              </div>
            );
          })}
        </div>
      </div>
      <div className="relative min-w-0 flex-1">
        <div aria-hidden className="pointer-events-none absolute inset-0 overflow-hidden">
          {[...markedLines].map((line) => (
            <div key={line} className="absolute inset-x-0 border-l-2 border-rose-500 bg-rose-50" style={{ top: PAD + (line - 1) * LINE - scrollTop, height: LINE }} data-testid="space-line-mark" data-line={line} />
          ))}
        </div>
        <textarea
          id={id}
          ref={textareaRef}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
          rows={rows}
          wrap="off"
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          autoCorrect="off"
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          data-testid="space-editor"
          className="relative block w-full resize-y overflow-auto whitespace-pre bg-transparent px-3 text-slate-800 caret-indigo-600 outline-none"
          style={{ lineHeight: `${LINE}px`, paddingTop: PAD, paddingBottom: PAD, minHeight: 8 * LINE + 2 * PAD }}
        />
      </div>
    </div>
  );
}
