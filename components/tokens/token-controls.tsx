"use client";

import { useState, useTransition } from "react";
import type { TokenActions } from "@/lib/schemas/actions";

export function TokenForm({ createToken }: { createToken: TokenActions["createToken"] }) {
  const [name, setName] = useState("");
  const [write, setWrite] = useState(true);
  const [pending, startTransition] = useTransition();
  const [made, setMade] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-4"
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        startTransition(async () => {
          const r = await createToken({ name, scopes: write ? ["read", "write"] : ["read"] });
          if (r.ok) {
            setMade(r.data.token);
            setName("");
          } else setError(r.error.message);
        });
      }}
    >
      <label className="flex flex-col gap-1 text-sm">
        <span className="text-slate-600">Name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. gpu-box agents" className="w-64 rounded-md border border-slate-300 px-2 py-1.5" data-testid="token-name" />
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={write} onChange={(e) => setWrite(e.target.checked)} data-testid="token-write" />
        can write (agents need this)
      </label>
      <button type="submit" disabled={pending} className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50" data-testid="token-create">
        Make token
      </button>
      {error && (
        <p className="w-full text-sm text-rose-700" role="alert" data-testid="token-error">
          {error}
        </p>
      )}
      {made && (
        <p className="w-full text-sm text-emerald-800" data-testid="token-made">
          Copy it now, it is shown only once: <code className="select-all rounded bg-emerald-50 px-1 font-mono">{made}</code>
        </p>
      )}
    </form>
  );
}

export function RevokeTokenButton({ id, revokeToken }: { id: number; revokeToken: TokenActions["revokeToken"] }) {
  const [pending, startTransition] = useTransition();
  return (
    <button type="button" disabled={pending} onClick={() => startTransition(async () => void (await revokeToken({ id })))} className="text-xs text-rose-700 hover:underline disabled:opacity-50" data-testid="token-revoke">
      Revoke
    </button>
  );
}
