import { describe, expect, it } from "vitest";
import { config } from "@/proxy";
import { proxySkips } from "@/lib/http/request-guard";

// Next matches a proxy matcher against the whole path (as ^matcher$, with an optional trailing slash and
// a .json data suffix that the token API never uses).
const matcher = new RegExp(`^${config.matcher[0]}$`);

describe("the proxy's matcher and proxySkips agree", () => {
  const paths = [
    "/",
    "/experiments/1",
    "/login",
    "/s/abc",
    "/api/ui/experiments",
    "/api/v1",
    "/api/v1/experiments",
    "/api/v1/experiments/1/ask",
    "/api/v1/trials/7/metrics",
    "/api/v1/nope",
    "/api/v1/openapi.json",
    "/api/v1/experiments/%ff",
    "/api/v1/experiments/caf%C3%A9",
    "/api/v2/experiments",
    "/_next/static/chunks/app.js",
    "/apiv1/x",
  ];
  for (const path of paths) {
    it(path, () => {
      expect(!matcher.test(path)).toBe(proxySkips(path));
    });
  }

  it("skips only the token API's routes, not the pages, the session API or the static API description", () => {
    expect(proxySkips("/api/v1/trials/7/metrics")).toBe(true);
    expect(proxySkips("/api/v1/openapi.json")).toBe(false);
    expect(proxySkips("/api/ui/experiments")).toBe(false);
    expect(proxySkips("/experiments/1")).toBe(false);
  });
});
