import { apiRoute } from "@/lib/http/route";
import { buildOpenApiDocument } from "@/lib/schemas/openapi";

export const dynamic = "force-static";

/** The API description, public so that generators and humans can read it without a token. */
export const GET = apiRoute(async () => buildOpenApiDocument("1.0.0"));
