// The production server's direct API path (server/main.ts): real route modules found the way the build
// finds them, served over real HTTP by dispatchApi, with a stand-in for Next behind it that says so.
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileRoutes, dispatchApi, matchRoute, type RouteFile } from "@/lib/http/api-dispatch";
import { SECURITY_HEADERS } from "@/lib/http/request-guard";
import { createApiToken } from "@/lib/server/create-api-token";
import { apiRouteFiles } from "@/scripts/api-route-files.mjs";
import * as routes from "../support/routes";
import { setupTempDatabase } from "../support/temp-db";

setupTempDatabase({ token: false });

const NEXT = 599;
let server: Server;
let base = "";
let auth: Record<string, string> = {};
let files: RouteFile[] = [];

beforeAll(async () => {
  files = await Promise.all(apiRouteFiles().map(async ([path, file]) => ({ path, module: (await import(file)) as Record<string, unknown> })));
  const table = compileRoutes(files);
  server = createServer((req, res) => {
    void dispatchApi(table, req, res).then((served) => {
      if (served) return;
      req.resume();
      res.writeHead(NEXT, { "content-type": "text/plain" }).end("next");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  auth = { authorization: `Bearer ${(await createApiToken({ name: "dispatch" })).token}`, "content-type": "application/json" };
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = auth) {
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: any = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: the stand-in's answer
  }
  return { status: res.status, body: json, headers: res.headers };
}

describe("the direct API path", () => {
  it("serves every route module of app/api/v1 the build bundles, each method to its own handler", () => {
    expect(files.map((f) => f.path)).toContain("/api/v1/trials/[id]/metrics");
    expect(files.find((f) => f.path === "/api/v1/trials/[id]/metrics")?.module.POST).toBe(routes.metrics.POST);
    const table = compileRoutes(files);
    for (const { path, module } of files) {
      if (path === "/api/v1/openapi.json") continue;
      const concrete = path.replace(/\[[^\]]+\]/g, "7");
      for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"]) {
        const own = typeof module[method] === "function" ? module[method] : undefined;
        expect(matchRoute(table, method, concrete)?.handler, `${method} ${concrete}`).toBe(own);
      }
    }
  });

  it("runs a sweep's ask / report / tell loop over HTTP with the handlers' answers and headers", async () => {
    const created = await call("POST", "/api/v1/experiments", { name: "direct", space: { x: { type: "uniform", low: 0, high: 1 } }, objective: { metric: "loss" }, sampler: "random", pruner: "median" });
    expect(created.status).toBe(201);
    const id = created.body.experiment.id as number;
    const ask = await call("POST", `/api/v1/experiments/${id}/trials`);
    expect(ask.status).toBe(201);
    const trialId = ask.body.trial.id as number;
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(ask.headers.get(name)).toBe(value);
    const report = await call("POST", `/api/v1/trials/${trialId}/metrics`, { points: [{ name: "loss", step: 1, value: 0.4 }] });
    expect(report).toMatchObject({ status: 200, body: { stored: 1, shouldPrune: false } });
    expect((await call("POST", `/api/v1/trials/${trialId}/complete`, { value: 0.25 })).status).toBe(200);
    const read = await call("GET", `/api/v1/trials/${trialId}`);
    expect(read.body.trial).toMatchObject({ state: "complete", value: 0.25 });
  });

  it("answers bad input as the handlers do: 401, 404, 413, 422 in JSON, and refuses a foreign Host", async () => {
    expect((await call("GET", "/api/v1/experiments", undefined, {})).body.error.code).toBe("unauthorized");
    expect((await call("GET", "/api/v1/trials/abc")).status).toBe(404);
    const big = await call("POST", "/api/v1/trials/1/metrics", JSON.stringify({ points: [{ name: "x".repeat(2 * 1024 * 1024), step: 1, value: 1 }] }));
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe("payload_too_large");
    const invalid = await call("POST", "/api/v1/experiments", { name: "" });
    expect(invalid.status).toBe(422);
    // fetch cannot name another Host: node's client can. One that is no host at all makes no URL either.
    for (const host of ["evil.example", `${new URL(base).host}.evil.example`]) {
      const foreign = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${base}/api/v1/experiments`, { headers: { ...auth, host } }, (res) => {
          let body = "";
          res.on("data", (d) => (body += d));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on("error", reject);
        req.end();
      });
      expect(foreign.status, host).toBe(421);
      expect(foreign.body).toMatch(/evil\.example/);
    }
  });

  it("hands Next every request it would answer differently", async () => {
    for (const [method, path] of [
      ["GET", "/api/v1/openapi.json"],
      ["GET", "/api/v1/nope"],
      ["GET", "/api/v1/experiments/"],
      ["GET", "/api/v1/trials/%31"],
      ["HEAD", "/api/v1/experiments"],
      ["PUT", "/api/v1/trials/1/metrics"],
      ["GET", "/"],
    ] as const) {
      expect((await call(method, path)).status, `${method} ${path}`).toBe(NEXT);
    }
  });
});
