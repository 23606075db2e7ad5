import "server-only";
import { storedIso } from "@/lib/db/columns";
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
    createdAt: storedIso(t.createdAt),
    lastUsedAt: storedIso(t.lastUsedAt),
    revokedAt: storedIso(t.revokedAt),
  }));
}
