import { describe, expect, it } from "vitest";
import { compileRoutes, matchRoute, type RouteModule } from "@/lib/http/api-dispatch";

const handler = (name: string) => Object.assign(async () => new Response(name), { label: name });
const trial: RouteModule = { GET: handler("trial GET"), POST: handler("trial POST") };
const special: RouteModule = { GET: handler("special GET") };
const metrics: RouteModule = { POST: handler("metrics POST"), dynamic: "force-dynamic" };

const routes = compileRoutes([
  { path: "/api/v1/trials/[id]", module: trial },
  { path: "/api/v1/trials/special", module: special },
  { path: "/api/v1/trials/[id]/metrics", module: metrics },
]);

function label(method: string, path: string): string | null {
  const m = matchRoute(routes, method, path);
  return m ? `${(m.handler as unknown as { label: string }).label} ${JSON.stringify(m.params)}` : null;
}

describe("the direct API path's route matching", () => {
  it("finds the handler for the method and the params of the dynamic segments", () => {
    expect(label("GET", "/api/v1/trials/12")).toBe('trial GET {"id":"12"}');
    expect(label("POST", "/api/v1/trials/12/metrics")).toBe('metrics POST {"id":"12"}');
  });

  it("prefers a literal segment over a dynamic one, as Next does", () => {
    expect(label("GET", "/api/v1/trials/special")).toBe("special GET {}");
  });

  it("leaves to Next what it would answer differently: no handler for the method, HEAD/OPTIONS, no route", () => {
    expect(label("DELETE", "/api/v1/trials/12")).toBeNull();
    expect(label("GET", "/api/v1/trials/12/metrics")).toBeNull();
    expect(label("HEAD", "/api/v1/trials/12")).toBeNull();
    expect(label("OPTIONS", "/api/v1/trials/12")).toBeNull();
    expect(label("GET", "/api/v1/nope")).toBeNull();
    expect(label("GET", "/api/v1/trials/12/metrics/extra")).toBeNull();
  });

  it("leaves to Next the paths it normalises or that run through the proxy", () => {
    expect(label("GET", "/api/v1/trials/12/")).toBeNull();
    expect(label("GET", "/api/v1//trials/12")).toBeNull();
    expect(label("GET", "/api/v1/trials/./12")).toBeNull();
    expect(label("GET", "/api/v1/trials/%31")).toBeNull();
    expect(label("GET", "/api/v1/openapi.json")).toBeNull();
    expect(label("GET", "/api/ui/experiments")).toBeNull();
  });

  it("refuses, at build time, route folders it would not match as Next does", () => {
    expect(() => compileRoutes([{ path: "/api/v1/[...rest]", module: trial }])).toThrow(/\[\.\.\.rest\]/);
    expect(() => compileRoutes([{ path: "/api/v1/(group)/x", module: trial }])).toThrow(/\(group\)/);
  });
});
