"use client";

import { useState } from "react";
import { newRow, STARTER_ROWS, type FlatRow, type RowKind } from "./flat-space";
import { buttonClass, inputClass } from "./ui";

const KINDS: Array<{ value: RowKind; label: string }> = [
  { value: "float", label: "float" },
  { value: "int", label: "int" },
  { value: "categorical", label: "categorical" },
  { value: "const", label: "constant" },
];

const cell = `${inputClass} px-2 py-1 font-mono text-[13px]`;

/** A form for flat spaces (no choices): one row per parameter, written into the editor as text. */
export function SpaceBuilder({ onWrite }: { onWrite: (rows: FlatRow[]) => void }) {
  const [rows, setRows] = useState<FlatRow[]>(STARTER_ROWS);
  const update = (id: number, patch: Partial<FlatRow>) => setRows((all) => all.map((r) => (r.id === id ? { ...r, ...patch } : r)));
  return (
    <div className="rounded-md border border-slate-200 bg-slate-50/60 p-3" data-testid="space-builder">
      <div className="overflow-x-auto">
        <table className="w-full text-sm">
          <thead className="text-left text-xs font-medium text-slate-500">
            <tr>
              <th className="px-1 pb-1">Name</th>
              <th className="px-1 pb-1">Type</th>
              <th className="px-1 pb-1">Low</th>
              <th className="px-1 pb-1">High</th>
              <th className="px-1 pb-1">Step</th>
              <th className="px-1 pb-1 text-center">Log</th>
              <th className="px-1 pb-1">
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => {
              const n = i + 1;
              const ranged = row.kind === "float" || row.kind === "int";
              return (
                <tr key={row.id} data-testid="builder-row">
                  <td className="p-1">
                    <input className={cell} aria-label={`Parameter ${n} name`} value={row.name} placeholder="name" onChange={(e) => update(row.id, { name: e.target.value })} />
                  </td>
                  <td className="p-1">
                    <select className={cell} aria-label={`Parameter ${n} type`} value={row.kind} onChange={(e) => update(row.id, { kind: e.target.value as RowKind })}>
                      {KINDS.map((k) => (
                        <option key={k.value} value={k.value}>
                          {k.label}
                        </option>
                      ))}
                    </select>
                  </td>
                  {ranged ? (
                    <>
                      <td className="p-1">
                        <input className={cell} aria-label={`Parameter ${n} low`} inputMode="decimal" value={row.low} onChange={(e) => update(row.id, { low: e.target.value })} />
                      </td>
                      <td className="p-1">
                        <input className={cell} aria-label={`Parameter ${n} high`} inputMode="decimal" value={row.high} onChange={(e) => update(row.id, { high: e.target.value })} />
                      </td>
                      <td className="p-1">
                        <input className={cell} aria-label={`Parameter ${n} step`} inputMode="decimal" value={row.step} placeholder={row.kind === "int" ? "1" : "none"} onChange={(e) => update(row.id, { step: e.target.value })} />
                      </td>
                      <td className="p-1 text-center">
                        <input type="checkbox" className="h-4 w-4 accent-indigo-600" aria-label={`Parameter ${n} log scale`} checked={row.log} onChange={(e) => update(row.id, { log: e.target.checked })} />
                      </td>
                    </>
                  ) : (
                    <td className="p-1" colSpan={4}>
                      <input
                        className={cell}
                        aria-label={row.kind === "const" ? `Parameter ${n} value` : `Parameter ${n} values, comma-separated`}
                        value={row.values}
                        placeholder={row.kind === "const" ? "value" : "comma-separated: relu, gelu, 0.5"}
                        onChange={(e) => update(row.id, { values: e.target.value })}
                      />
                    </td>
                  )}
                  <td className="p-1 text-right">
                    <button type="button" className="rounded px-1.5 py-1 text-slate-400 hover:bg-slate-200 hover:text-slate-700" aria-label={`Remove parameter ${n}`} onClick={() => setRows((all) => all.filter((r) => r.id !== row.id))}>
                      ✕
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="mt-2 flex flex-wrap items-center justify-between gap-2">
        <button type="button" className="text-xs font-medium text-indigo-700 hover:underline" onClick={() => setRows((all) => [...all, newRow()])}>
          + Add parameter
        </button>
        <button type="button" className={buttonClass} onClick={() => onWrite(rows)} data-testid="builder-write">
          Write to editor
        </button>
      </div>
    </div>
  );
}
