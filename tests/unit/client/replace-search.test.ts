import { afterEach, describe, expect, it, vi } from "vitest";
import { replaceSearch } from "@/lib/client/replace-search";

/** A window whose History API writes the location, as a browser's does. */
function fakeWindow(search: string) {
  const location = { search };
  const replaceState = vi.fn((_data: unknown, _unused: string, url: string) => {
    const q = url.indexOf("?");
    location.search = q < 0 ? "" : url.slice(q);
  });
  vi.stubGlobal("window", { location, history: { replaceState } });
  return { location, replaceState };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("replaceSearch", () => {
  it("edits the query as it is now, so changes in quick succession all land", () => {
    const w = fakeWindow("?v=a&other=1");
    replaceSearch("/experiments/3", (s) => s.set("v", `${s.get("v")}b`));
    // A second change before any re-render sees the first one, not the query of the last render.
    replaceSearch("/experiments/3", (s) => s.set("hideFailed", "1"));
    expect(w.location.search).toBe("?v=ab&other=1&hideFailed=1");
    expect(w.replaceState).toHaveBeenLastCalledWith(null, "", "/experiments/3?v=ab&other=1&hideFailed=1");
  });

  it("drops the question mark when no parameter is left", () => {
    const w = fakeWindow("?v=a");
    replaceSearch("/s/sbs_x", (s) => s.delete("v"));
    expect(w.replaceState).toHaveBeenLastCalledWith(null, "", "/s/sbs_x");
    expect(w.location.search).toBe("");
  });
});
