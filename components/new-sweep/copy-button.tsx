"use client";

import { useState } from "react";
import { buttonClass } from "./ui";

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard API outside secure contexts (a team server on plain http): fall back to a selection.
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  }
}

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  return (
    <button
      type="button"
      className={buttonClass}
      aria-label={`Copy ${label}`}
      data-testid="copy-button"
      onClick={async () => {
        setState((await copyText(text)) ? "copied" : "failed");
        setTimeout(() => setState("idle"), 1500);
      }}
    >
      <span aria-live="polite">{state === "copied" ? "Copied" : state === "failed" ? "Select and copy" : "Copy"}</span>
    </button>
  );
}

/** A labelled, copyable snippet. */
export function Snippet({ label, text, testId, wrap = false }: { label: string; text: string; testId: string; wrap?: boolean }) {
  return (
    <div>
      <div className="mb-1 flex items-center justify-between gap-2">
        <h3 className="text-sm font-medium text-slate-700">{label}</h3>
        <CopyButton text={text} label={label.toLowerCase()} />
      </div>
      <pre className={`${wrap ? "whitespace-pre-wrap break-all" : "overflow-x-auto"} rounded-md bg-slate-900 px-4 py-3 font-mono text-[13px] leading-relaxed text-slate-100`} data-testid={testId} tabIndex={0} aria-label={label}>
        {text}
      </pre>
    </div>
  );
}
