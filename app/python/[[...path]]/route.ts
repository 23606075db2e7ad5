import { apiRoute } from "@/lib/http/route";
import { pythonClientFile } from "@/lib/server/python-client";

export const dynamic = "force-dynamic";

/**
 * The Python client for machines without a checkout: `pip install http://SERVER/python/sweepboard-<v>-py3-none-any.whl`,
 * or `pip install --index-url http://SERVER/python/simple/ sweepboard` through the PEP 503 index under /python/simple/.
 * Any other path answers 404 naming the wheel.
 */
export const GET = apiRoute(async ({ params }) => {
  const path = params.path;
  const file = await pythonClientFile(Array.isArray(path) ? path : path === undefined ? [] : [path]);
  return new Response(file.body, { headers: { "Content-Type": file.contentType, "Cache-Control": "no-cache" } });
});
