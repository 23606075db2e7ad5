import { idParam } from "@/lib/http/route";
import { apiHandler } from "@/lib/server/api-handler";
import { stopWorker } from "@/lib/server/stop-worker";

export const dynamic = "force-dynamic";

/** The worker stops: its slots' assignments end. */
export const DELETE = apiHandler("write", async ({ params, principal }) => stopWorker({ id: idParam(params, "id", "worker"), tokenId: principal.tokenId }));
