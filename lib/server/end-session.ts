import "server-only";
import { deleteSessionByHash } from "@/lib/db/sessions";
import { hashToken } from "./api-tokens";

/** Signs out: the session stops working at once, whatever the browser keeps. Ending an unknown one is harmless. */
export async function endSession({ sessionId }: { sessionId: string | null }): Promise<void> {
  if (sessionId) await deleteSessionByHash(hashToken(sessionId));
}
