import type { Metadata } from "next";
import { LocalTime } from "@/components/local-time";
import { TokenForm, RevokeTokenButton } from "@/components/tokens/token-controls";
import { listApiTokens } from "@/lib/server/list-api-tokens";
import { createTokenAction, revokeTokenAction } from "./actions";
import { requirePageAccess } from "@/lib/server/page-access";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API tokens" };

/** API tokens: make one for an agent or a script, see when each was last used, revoke. */
export default async function TokensPage() {
  const access = await requirePageAccess();
  const tokens = await listApiTokens();
  return (
    <div className="space-y-6" data-testid="tokens-page">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">API tokens</h1>
        <p className="text-sm text-slate-600">Agents, the Python client and curl send one as <code className="rounded bg-slate-100 px-1">Authorization: Bearer &lt;token&gt;</code>. Only a hash is stored: a token is shown once, when made.</p>
      </div>
      {access.canWrite && <TokenForm createToken={createTokenAction} />}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full text-sm" data-testid="tokens-table">
          <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-4 py-2">Name</th>
              <th className="px-4 py-2">Token</th>
              <th className="px-4 py-2">Scopes</th>
              <th className="px-4 py-2">Created</th>
              <th className="px-4 py-2">Last used</th>
              <th className="px-4 py-2" aria-label="Actions" />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {tokens.length === 0 && (
              <tr>
                <td colSpan={6} className="px-4 py-6 text-center text-slate-500">
                  No tokens yet.
                </td>
              </tr>
            )}
            {tokens.map((t) => (
              <tr key={t.id} data-testid="token-row" className={t.revokedAt ? "text-slate-400" : ""}>
                <td className="px-4 py-2 font-medium">{t.name}</td>
                <td className="px-4 py-2 font-mono">{t.prefix}…</td>
                <td className="px-4 py-2">{t.scopes.join(", ")}</td>
                <td className="tabular px-4 py-2">
                  <LocalTime iso={t.createdAt} testId="token-created" />
                </td>
                <td className="tabular px-4 py-2">
                  {t.revokedAt ? (
                    <>
                      revoked <LocalTime iso={t.revokedAt} />
                    </>
                  ) : (
                    <LocalTime iso={t.lastUsedAt} testId="token-last-used" />
                  )}
                </td>
                <td className="px-4 py-2 text-right">{!t.revokedAt && access.canWrite && <RevokeTokenButton id={t.id} revokeToken={revokeTokenAction} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
