import { afterEach, describe, expect, it } from "vitest";
import { earlyFetchScript, takeEarlyResponse } from "@/lib/client/early-fetch";

const g = globalThis as unknown as { window?: Record<string, unknown>; fetch: typeof fetch };
const realFetch = g.fetch;

afterEach(() => {
  delete g.window;
  g.fetch = realFetch;
});

describe("early fetch", () => {
  it("starts each API GET once from the inline script, and hands each response out once", async () => {
    const asked: Array<[string, RequestInit | undefined]> = [];
    g.fetch = (async (url: string, init?: RequestInit) => {
      asked.push([url, init]);
      return new Response(JSON.stringify({ url }));
    }) as typeof fetch;
    g.window = {};
    const script = earlyFetchScript(["/api/ui/experiments/7/trials", "https://evil.example/x", "/api/ui/experiments/7/importance"]);
    new Function("window", "fetch", script)(g.window, g.fetch);
    expect(asked.map(([u]) => u)).toEqual(["/api/ui/experiments/7/trials", "/api/ui/experiments/7/importance"]);
    expect(asked[0]![1]).toEqual({ cache: "no-store" });
    const first = await takeEarlyResponse("/api/ui/experiments/7/trials");
    expect(await first?.json()).toEqual({ url: "/api/ui/experiments/7/trials" });
    expect(takeEarlyResponse("/api/ui/experiments/7/trials")).toBeUndefined();
    expect(takeEarlyResponse("/api/ui/experiments/8/trials")).toBeUndefined();
  });

  it("cannot be broken out of by a path, and does nothing outside a browser", () => {
    expect(earlyFetchScript(["/api/</script><script>alert(1)//"])).not.toContain("</script>");
    expect(takeEarlyResponse("/api/ui/experiments/1/trials")).toBeUndefined();
  });
});
