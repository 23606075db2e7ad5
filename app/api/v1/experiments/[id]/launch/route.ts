import { idParam, json } from "@/lib/http/route";
import { launchBody } from "@/lib/schemas/worker";
import { apiHandler } from "@/lib/server/api-handler";
import { getLaunch } from "@/lib/server/get-launch";
import { launchExperiment } from "@/lib/server/launch-experiment";
import { recallLaunch } from "@/lib/server/recall-launch";

export const dynamic = "force-dynamic";

/** The worker slots the sweep holds. */
export const GET = apiHandler("read", async ({ params }) => getLaunch({ id: idParam(params, "id", "experiment") }));

/** Launch onto free worker slots: `{"slots": 2}`; each runs the sweep's stored command. */
export const POST = apiHandler("write", async ({ params, body }) => json(await launchExperiment({ id: idParam(params, "id", "experiment"), body: await body(launchBody) }), 201));

/** Take the sweep's slots back: the workers stop its runs at their next beat. */
export const DELETE = apiHandler("write", async ({ params }) => recallLaunch({ id: idParam(params, "id", "experiment") }));
