// The production server `npm start` runs (bundled by scripts/build-server.mjs into .next/sweepboard-server.mjs):
// Next serves the dashboard, server actions and every other route as `next start` would; the token API's
// calls go straight to their route handlers (lib/http/api-dispatch.ts), the same functions Next would
// call, without Next's per-request routing cost: the agents' ask/report/tell loop is the hot path.
//
// PORT (3000) and HOST (127.0.0.1) choose where; run from the app's directory.
import { createServer } from "node:http";
import { compileRoutes, dispatchApi } from "@/lib/http/api-dispatch";
import { INTERNAL_ERROR } from "@/lib/http/errors";
import { routeFiles } from "sweepboard:api-routes";

Object.assign(process.env, { NODE_ENV: "production" });
const port = Number(process.env.PORT ?? "3000");
const hostname = process.env.HOST ?? "127.0.0.1";

async function main(): Promise<void> {
  const routes = compileRoutes(routeFiles);
  // Imported after NODE_ENV is set: Next and React pick their production builds by it at load time.
  const { default: next } = await import("next");
  const app = next({ dev: false, dir: process.cwd(), hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((req, res) => {
    dispatchApi(routes, req, res)
      .then((served) => (served ? undefined : handle(req, res)))
      .catch((error: unknown) => {
        console.error("[sweepboard] request failed", error);
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ error: INTERNAL_ERROR }));
      });
  });
  server.on("error", (error) => {
    console.error(`sweepboard: cannot listen on ${hostname}:${port}: ${error.message}`);
    process.exit(1);
  });
  server.listen(port, hostname, () => console.log(`sweepboard: ready on http://${hostname}:${port}`));
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      server.close();
      void app.close().finally(() => process.exit(0));
      // Open keep-alive connections do not hold the exit up for long.
      setTimeout(() => process.exit(0), 2_000).unref();
    });
  }
}

main().catch((error: unknown) => {
  console.error("sweepboard: the server could not start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
