import "server-only";
import { insertApiToken } from "@/lib/db/tokens";
import { AppError } from "@/lib/http/errors";
import { SCOPES, displayPrefix, generateToken, hashToken, type Scope } from "./api-tokens";

export interface CreateApiTokenOptions {
  name: string;
  scopes?: string[];
  now?: () => Date;
}

export interface CreatedApiToken {
  id: number;
  name: string;
  prefix: string;
  scopes: Scope[];
  /** The whole token: shown once, never stored. */
  token: string;
}

export async function createApiToken({ name, scopes = ["read", "write"], now = () => new Date() }: CreateApiTokenOptions): Promise<CreatedApiToken> {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100) throw new AppError("validation_error", "name: must be 1 to 100 characters", { path: "name" });
  const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (unknown.length > 0 || scopes.length === 0) {
    throw new AppError("validation_error", `scopes: must be one or more of ${SCOPES.join(", ")}; got ${scopes.join(",") || "none"}`, { path: "scopes" });
  }
  const unique = [...new Set(scopes)] as Scope[];
  const token = generateToken();
  const row = await insertApiToken({ name: trimmed, prefix: displayPrefix(token), hash: hashToken(token), scopes: unique.join(",") }, now().toISOString());
  return { id: row.id, name: row.name, prefix: row.prefix, scopes: unique, token };
}
