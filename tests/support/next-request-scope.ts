import "./next-async-storage";
import { createRequestStoreForAPI } from "next/dist/server/async-storage/request-store";
import { createWorkStore } from "next/dist/server/async-storage/work-store";
import { workAsyncStorage } from "next/dist/server/app-render/work-async-storage.external";
import { workUnitAsyncStorage } from "next/dist/server/app-render/work-unit-async-storage.external";
import { NextRequest } from "next/server";

export interface ScopeResult<T> {
  result: T;
  /** The Set-Cookie values the code under test asked for (cookies().set / delete). */
  setCookies: string[];
}

/**
 * Import this module before any module that imports next (it sets the global Next's stores need).
 * Runs `fn` inside the request scope Next gives a server action (the stores behind cookies() and
 * headers()), built from `headers`: the same construction Next's route handlers use. `redirect()`
 * inside is answered as its digest (NEXT_REDIRECT;...;/path;...).
 */
export async function inRequestScope<T>(headers: Record<string, string>, fn: () => Promise<T>): Promise<ScopeResult<T | { redirect: string }>> {
  const req = new NextRequest("http://127.0.0.1:3000/", { method: "POST", headers });
  let setCookies: string[] = [];
  const requestStore = createRequestStoreForAPI(req, { pathname: "/", search: "" }, { tags: [], expirationsByCacheKind: new Map() }, (c) => void (setCookies = c), undefined, undefined);
  const workStore = createWorkStore({
    page: "/",
    renderOpts: {
      cacheLifeProfiles: {},
      staticPageGenerationTimeout: 0,
      cacheComponents: false,
      validationLevel: "warning",
      experimental: { isRoutePPREnabled: false, authInterrupts: false, useCacheTimeout: 0, durableUseCacheEntries: false },
      waitUntil: undefined,
      onClose: () => {},
      onAfterTaskError: undefined,
    } as unknown as Parameters<typeof createWorkStore>[0]["renderOpts"],
    isPrefetchRequest: false,
    buildId: "test",
    deploymentId: "",
    previouslyRevalidatedTags: [],
  });
  const run = async (): Promise<T | { redirect: string }> => {
    try {
      return await fn();
    } catch (error) {
      const digest = (error as { digest?: unknown }).digest;
      if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) return { redirect: digest.split(";")[2] ?? "" };
      throw error;
    }
  };
  const result = await workAsyncStorage.run(workStore, () => workUnitAsyncStorage.run(requestStore, run));
  return { result, setCookies };
}
