import "server-only";
import { findWorker, type WorkerRow } from "@/lib/db/workers";
import { AppError, notFound } from "@/lib/http/errors";

/** The worker, for a call that acts as it: only the token that registered it may (another gets 403). */
export async function ownWorker(id: number, tokenId: number | null): Promise<WorkerRow> {
  const row = await findWorker(id);
  if (!row) throw notFound("worker", id);
  if (row.tokenId !== null && tokenId !== null && row.tokenId !== tokenId) throw new AppError("forbidden", `worker ${id} was registered with another token`);
  return row;
}
