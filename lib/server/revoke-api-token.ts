import "server-only";
import { deleteSessionsOfToken } from "@/lib/db/sessions";
import { findApiToken, revokeApiTokenRow } from "@/lib/db/tokens";
import { notFound } from "@/lib/http/errors";

/**
 * Revokes a token and ends every dashboard session opened with it; revoking twice is harmless and
 * keeps the first revocation time.
 */
export async function revokeApiToken({ id, now = () => new Date() }: { id: number; now?: () => Date }): Promise<void> {
  if (!(await findApiToken(id))) throw notFound("API token", id);
  await revokeApiTokenRow(id, now().toISOString());
  await deleteSessionsOfToken(id);
}
