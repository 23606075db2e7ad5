import "server-only";
import { listApiTokenRows } from "@/lib/db/tokens";
import { parseScopes, type Scope } from "./api-tokens";

export interface ApiTokenInfo {
  id: number;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export async function listApiTokens(): Promise<ApiTokenInfo[]> {
  return (await listApiTokenRows()).map((t) => ({
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: parseScopes(t.scopes),
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  }));
}
