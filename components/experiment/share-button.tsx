"use client";

import { useState, useTransition } from "react";
import type { ExperimentActions, ShareLinkInfo } from "@/lib/schemas/actions";
import type { ViewState } from "@/lib/client/view-state";
import { viewDiff } from "@/lib/client/view-state";

/** Makes a read-only link to this experiment that opens the current view; lists and revokes links. */
export function ShareButton({ experimentId, view, actions }: { experimentId: number; view: ViewState; actions: ExperimentActions }) {
  const [open, setOpen] = useState(false);
  const [expires, setExpires] = useState("");
  const [url, setUrl] = useState<string | null>(null);
  const [links, setLinks] = useState<ShareLinkInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  function refresh() {
    startTransition(async () => {
      const r = await actions.listShareLinks({ id: experimentId });
      if (r.ok) setLinks(r.data);
    });
  }

  function create() {
    setError(null);
    const hours = expires.trim() === "" ? null : Number(expires);
    startTransition(async () => {
      const r = await actions.createShareLink({ id: experimentId, viewState: viewDiff(view) as Record<string, unknown>, expiresInHours: hours });
      if (!r.ok) {
        setError(r.error.message);
        return;
      }
      setUrl(`${window.location.origin}${r.data.path}`);
      const list = await actions.listShareLinks({ id: experimentId });
      if (list.ok) setLinks(list.data);
    });
  }

  function revoke(linkId: number) {
    startTransition(async () => {
      const r = await actions.revokeShareLink({ id: experimentId, linkId });
      if (!r.ok) setError(r.error.message);
      const list = await actions.listShareLinks({ id: experimentId });
      if (list.ok) setLinks(list.data);
    });
  }

  return (
    <div className="relative">
      <button
        type="button"
        onClick={() => {
          setOpen((o) => !o);
          refresh();
        }}
        className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-indigo-500"
        data-testid="share-button"
      >
        Share
      </button>
      {open && (
        <div className="absolute right-0 z-20 mt-2 w-[28rem] space-y-3 rounded-lg border border-slate-200 bg-white p-4 text-sm shadow-lg" data-testid="share-dialog">
          <p className="text-slate-600">A read-only link to this experiment that opens this exact view. Anyone with the link can see it, without a token.</p>
          <label className="flex items-center gap-2">
            Expires after
            <input type="number" min={1} value={expires} onChange={(e) => setExpires(e.target.value)} placeholder="never" className="w-24 rounded border border-slate-300 px-2 py-1" data-testid="share-expiry" />
            hours
          </label>
          <button type="button" disabled={pending} onClick={create} className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-500 disabled:opacity-50" data-testid="share-create">
            Create link
          </button>
          {error && (
            <p className="text-rose-700" role="alert">
              {error}
            </p>
          )}
          {url && (
            <div className="flex items-center gap-2">
              <input readOnly value={url} className="flex-1 rounded border border-slate-300 bg-slate-50 px-2 py-1 font-mono text-xs" data-testid="share-url" onFocus={(e) => e.target.select()} />
              <button type="button" className="rounded border border-slate-300 px-2 py-1 text-xs" onClick={() => void navigator.clipboard?.writeText(url)}>
                Copy
              </button>
            </div>
          )}
          {links.length > 0 && (
            <ul className="max-h-40 space-y-1 overflow-auto border-t border-slate-100 pt-2" data-testid="share-links">
              {links.map((l) => (
                <li key={l.id} className="flex items-center justify-between gap-2 text-xs">
                  <span className="font-mono">{l.prefix}…</span>
                  <span className="text-slate-500">{l.revokedAt ? "revoked" : l.expiresAt ? `expires ${l.expiresAt.slice(0, 16).replace("T", " ")}` : "no expiry"}</span>
                  {!l.revokedAt && (
                    <button type="button" className="text-rose-700 hover:underline" onClick={() => revoke(l.id)} data-testid="share-revoke">
                      Revoke
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
