import "server-only";
import { stopWorker as stop } from "@/lib/db/workers";
import { notFound } from "@/lib/http/errors";
import { ownWorker } from "./worker-access";

/** The worker says goodbye (Ctrl-C, --exit-when-idle): it is stopped and its slots go back. Repeating it is harmless. */
export async function stopWorker({ id, tokenId, now = () => new Date() }: { id: number; tokenId: number | null; now?: () => Date }): Promise<{ stopped: true }> {
  await ownWorker(id, tokenId);
  if (!(await stop(id, now().toISOString()))) throw notFound("worker", id);
  return { stopped: true };
}
