"use client";

import { useState } from "react";
import { EXAMPLE_WANDB_YAML } from "./examples";
import { buttonClass, inputClass, primaryButtonClass } from "./ui";

/** Paste a W&B sweep config; the editor then holds it as format "wandb" and the server converts it. */
export function WandbImport({ onImport, onCancel }: { onImport: (text: string) => void; onCancel: () => void }) {
  const [text, setText] = useState("");
  return (
    <div className="space-y-2 rounded-md border border-amber-200 bg-amber-50/60 p-3" data-testid="wandb-import">
      <label htmlFor="wandb-source" className="block text-sm font-medium text-slate-700">
        Paste a W&amp;B sweep config (YAML)
      </label>
      <textarea
        id="wandb-source"
        className={`${inputClass} font-mono text-[13px]`}
        rows={8}
        spellCheck={false}
        value={text}
        placeholder={EXAMPLE_WANDB_YAML}
        onChange={(e) => setText(e.target.value)}
        data-testid="wandb-source"
      />
      <p className="text-xs text-slate-600">
        method (grid, random, bayes) picks the sampler, metric sets the objective, parameters become the space, program and command the command every trial runs ({"W&B's ${args}-style macros work"}). Keys with no counterpart here are listed as warnings.
      </p>
      <div className="flex justify-end gap-2">
        <button type="button" className={buttonClass} onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className={`${primaryButtonClass} py-1.5`} onClick={() => onImport(text.trim() === "" ? EXAMPLE_WANDB_YAML : text)} data-testid="wandb-import-apply">
          {text.trim() === "" ? "Import the example" : "Import"}
        </button>
      </div>
    </div>
  );
}
