import { AppError } from "@/lib/http/errors";
import { apiRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * Any /api path no route matches (/api/v1/nope, /api/ui/nope): a JSON 404 like every other API error,
 * for every method, instead of the dashboard's HTML not-found page. Real routes always win over
 * this catch-all; HEAD is answered from GET by Next.
 */
const unknownRoute = apiRoute(async ({ req }) => {
  const path = new URL(req.url).pathname.slice(0, 200);
  throw new AppError("not_found", `no API route answers ${req.method} ${path}; the v1 API is described at /api/v1/openapi.json`);
});

export const GET = unknownRoute;
export const POST = unknownRoute;
export const PUT = unknownRoute;
export const PATCH = unknownRoute;
export const DELETE = unknownRoute;
export const OPTIONS = unknownRoute;
