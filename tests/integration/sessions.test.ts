// First: Next's request scopes need a global set before any next module loads.
import { inRequestScope } from "../support/next-request-scope";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as uiExperiments from "@/app/api/ui/experiments/route";
import { setArchivedAction } from "@/app/actions";
import { signInAction, signOutAction } from "@/app/login/actions";
import { revokeApiTokenRow } from "@/lib/db/tokens";
import { createApiToken } from "@/lib/server/create-api-token";
import { createSession } from "@/lib/server/create-session";
import { resolveSession } from "@/lib/server/dashboard-access";
import { requirePageAccess } from "@/lib/server/page-access";
import { revokeApiToken } from "@/lib/server/revoke-api-token";
import { readCookie } from "@/lib/server/sessions";
import { runAction } from "@/lib/server/ui-action";
import { z } from "zod";
import { callRoute } from "../support/call-route";
import * as routes from "../support/routes";
import { setupTempDatabase } from "../support/temp-db";

setupTempDatabase({ token: false });

const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
const HTTPS = { "x-forwarded-proto": "https" };

let previousAuth: string | undefined;
beforeAll(() => {
  previousAuth = process.env.SWEEPBOARD_DASHBOARD_AUTH;
  process.env.SWEEPBOARD_DASHBOARD_AUTH = "token";
});
afterAll(() => {
  if (previousAuth === undefined) delete process.env.SWEEPBOARD_DASHBOARD_AUTH;
  else process.env.SWEEPBOARD_DASHBOARD_AUTH = previousAuth;
});

async function db() {
  return (await import("@/lib/db/client")).db();
}

/** Stored sessions, all or those of one token or hash. */
async function countSessions(where: { tokenId?: number; hash?: string } = {}): Promise<{ n: number }> {
  let query = (await db()).selectFrom("Session").select((eb) => eb.fn.countAll<number>().as("n"));
  if (where.tokenId !== undefined) query = query.where("tokenId", "=", where.tokenId);
  if (where.hash !== undefined) query = query.where("hash", "=", where.hash);
  return query.executeTakeFirstOrThrow();
}

function form(token: string): FormData {
  const f = new FormData();
  f.set("token", token);
  return f;
}

/** Signs in through the real server action; answers the cookie it set (name, value, attributes). */
async function signIn(token: string, headers: Record<string, string> = {}) {
  const { result, setCookies } = await inRequestScope(headers, () => signInAction({ error: null }, form(token)));
  expect(result).toEqual({ redirect: "/" });
  expect(setCookies).toHaveLength(1);
  const cookie = setCookies[0]!;
  const [pair, ...attributes] = cookie.split(/;\s*/);
  const eq = pair!.indexOf("=");
  return { name: pair!.slice(0, eq), value: decodeURIComponent(pair!.slice(eq + 1)), attributes: attributes.map((a) => a.toLowerCase()), raw: cookie };
}

/** GET /api/ui/experiments with a Cookie header, the dashboard's own data route. */
function listWith(cookie: string, headers: Record<string, string> = {}) {
  return callRoute(uiExperiments.GET, { headers: { cookie, ...headers } }, "GET");
}

describe("sign-in opens a session; the cookie never holds the token", () => {
  it("stores only the hash of a random session id, with an expiry, and the cookie reads the dashboard", async () => {
    const t = await createApiToken({ name: "alice" });
    const cookie = await signIn(t.token);
    expect(cookie.name).toBe("sweepboard_session");
    expect(cookie.value).not.toContain(t.token);
    expect(cookie.value).not.toContain(t.prefix);
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie.attributes).toEqual(expect.arrayContaining(["path=/", "httponly", "samesite=lax"]));
    expect(cookie.attributes).not.toContain("secure");
    const rows = await (await db()).selectFrom("Session").selectAll().where("tokenId", "=", t.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.hash).toBe(sha256(cookie.value));
    expect(JSON.stringify(rows)).not.toContain(cookie.value);
    expect(JSON.stringify(rows)).not.toContain(t.token);
    const days = (new Date(rows[0]!.expiresAt as string).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
    expect((await listWith(`other=1; sweepboard_session=${cookie.value}`)).status).toBe(200);
    // The token itself in the cookie, as before this change, opens nothing any more.
    const old = await listWith(`sweepboard_session=${t.token}`);
    expect(old.status).toBe(401);
  });

  it("over HTTPS (as proxy.ts reports it) the cookie is Secure and __Host- prefixed, and only that name is read there", async () => {
    const t = await createApiToken({ name: "tls" });
    const cookie = await signIn(t.token, HTTPS);
    expect(cookie.name).toBe("__Host-sweepboard_session");
    expect(cookie.attributes).toEqual(expect.arrayContaining(["secure", "path=/", "httponly", "samesite=lax"]));
    expect(cookie.attributes.some((a) => a.startsWith("domain"))).toBe(false);
    expect((await listWith(`__Host-sweepboard_session=${cookie.value}`, HTTPS)).status).toBe(200);
    expect((await listWith(`sweepboard_session=${cookie.value}`, HTTPS)).status).toBe(401);
    expect((await listWith(`__Host-sweepboard_session=${cookie.value}`)).status).toBe(401);
  });

  it("refuses unknown, revoked and unreadable tokens without opening a session", async () => {
    const before = (await countSessions()).n;
    const attempt = async (token: string) => (await inRequestScope({}, () => signInAction({ error: null }, form(token)))).result;
    expect(await attempt("")).toEqual({ error: expect.stringMatching(/Paste an API token/) });
    expect(await attempt("sb_not-a-token")).toEqual({ error: expect.stringMatching(/not an API token/) });
    const revoked = await createApiToken({ name: "gone" });
    await revokeApiToken({ id: revoked.id });
    expect(await attempt(revoked.token)).toEqual({ error: expect.stringMatching(/revoked/) });
    const writeOnly = await createApiToken({ name: "w", scopes: ["write"] });
    expect(await attempt(writeOnly.token)).toEqual({ error: expect.stringMatching(/cannot read/) });
    expect((await countSessions()).n).toBe(before);
  });
});

describe("sessions end", () => {
  it("sign-out deletes the session and expires the cookie", async () => {
    const t = await createApiToken({ name: "bob" });
    const cookie = await signIn(t.token);
    const { result, setCookies } = await inRequestScope({ cookie: `sweepboard_session=${cookie.value}` }, () => signOutAction());
    expect(result).toEqual({ redirect: "/login" });
    expect(setCookies[0]).toMatch(/^sweepboard_session=;/);
    expect(setCookies[0]!.toLowerCase()).toMatch(/max-age=0/);
    expect(await countSessions({ tokenId: t.id })).toEqual({ n: 0 });
    expect((await listWith(`sweepboard_session=${cookie.value}`)).status).toBe(401);
    // Over HTTPS the expiring cookie keeps the attributes a __Host- cookie needs to be replaced.
    const secure = await signIn(t.token, HTTPS);
    const out = await inRequestScope({ ...HTTPS, cookie: `__Host-sweepboard_session=${secure.value}` }, () => signOutAction());
    expect(out.setCookies[0]).toMatch(/^__Host-sweepboard_session=;/);
    expect(out.setCookies[0]!.toLowerCase()).toContain("secure");
    // Signing out without a session is harmless.
    expect((await inRequestScope({}, () => signOutAction())).result).toEqual({ redirect: "/login" });
  });

  it("revoking the token ends its sessions, and a revoked token's session is refused even before they are deleted", async () => {
    const t = await createApiToken({ name: "carol" });
    const a = await signIn(t.token);
    const b = await signIn(t.token);
    const other = await createApiToken({ name: "dave" });
    const kept = await signIn(other.token);
    await revokeApiToken({ id: t.id });
    expect(await countSessions({ tokenId: t.id })).toEqual({ n: 0 });
    for (const c of [a, b]) expect((await listWith(`sweepboard_session=${c.value}`)).status).toBe(401);
    expect((await listWith(`sweepboard_session=${kept.value}`)).status).toBe(200);

    const u = await createApiToken({ name: "erin" });
    const s = await signIn(u.token);
    await revokeApiTokenRow(u.id, new Date().toISOString());
    const res = await listWith(`sweepboard_session=${s.value}`);
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/revoked/);
  });

  it("an expired session is refused by the API routes and sends pages to /login", async () => {
    const t = await createApiToken({ name: "frank" });
    const long = new Date(Date.now() - 31 * 86_400_000);
    const { sessionId, expiresAt } = await createSession({ token: t.token, now: () => long });
    expect(expiresAt.getTime()).toBeLessThan(Date.now());
    const res = await listWith(`sweepboard_session=${sessionId}`);
    expect(res.status).toBe(401);
    expect(res.body.error).toEqual({ code: "unauthorized", message: expect.stringMatching(/expired/) });
    const page = await inRequestScope({ cookie: `sweepboard_session=${sessionId}` }, () => requirePageAccess());
    expect(page.result).toEqual({ redirect: "/login" });
    // The next sign-in clears expired sessions away.
    await signIn(t.token);
    expect(await countSessions({ hash: sha256(sessionId) })).toEqual({ n: 0 });
  });

  it("last-seen time is written at most every few minutes", async () => {
    const t = await createApiToken({ name: "gina" });
    const { sessionId } = await createSession({ token: t.token });
    const read = async () => new Date((await (await db()).selectFrom("Session").select("lastSeenAt").where("hash", "=", sha256(sessionId)).executeTakeFirstOrThrow()).lastSeenAt).getTime();
    const first = await read();
    await resolveSession(sessionId, new Date(first + 60_000));
    expect(await read()).toBe(first);
    await resolveSession(sessionId, new Date(first + 6 * 60_000));
    expect(await read()).toBe(first + 6 * 60_000);
  });
});

describe("a malformed cookie is 'not signed in', never a 500", () => {
  const cookies: Array<[string, string]> = [
    ["a cut escape", "sweepboard_session=%E0%A4%A"],
    ["a lone %", "sweepboard_session=%"],
    ["an empty value", "sweepboard_session="],
    ["no value at all", "sweepboard_session"],
    ["quotes", 'sweepboard_session="\\"'],
    ["4,000 characters", `sweepboard_session=${"x".repeat(4_000)}`],
    ["latin-1", "sweepboard_session=\u00e9\u00ff"],
    ["the right shape, unknown", `sweepboard_session=${"A".repeat(43)}`],
    ["junk around it", "=; ;;sweepboard_session=a=b=c"],
  ];

  it.each(cookies)("%s: 401 JSON from /api/ui, a redirect to /login from pages", async (_label, cookie) => {
    const res = await listWith(cookie);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
    const page = await inRequestScope({ cookie }, () => requirePageAccess());
    expect(page.result).toEqual({ redirect: "/login" });
  });

  it("readCookie treats a broken escape as absent and finds the named cookie among others", () => {
    expect(readCookie("sweepboard_session=%E0%A4%A", "sweepboard_session")).toBeNull();
    expect(readCookie("a=1; sweepboard_session=x%20y; b=2", "sweepboard_session")).toBe("x y");
    expect(readCookie("xsweepboard_session=1", "sweepboard_session")).toBeNull();
    expect(readCookie(null, "sweepboard_session")).toBeNull();
  });
});

describe("server actions check the session's token scopes (runAction)", () => {
  it("a read-only token's session cannot write; a read/write one can", async () => {
    const writer = await createApiToken({ name: "writer" });
    const exp = (
      await callRoute(routes.experiments.POST, { headers: bearer(writer.token), body: { name: "s", space: { x: { type: "uniform", low: 0, high: 1 } }, objective: { metric: "loss" }, sampler: "random" } })
    ).body.experiment;
    const reader = await createApiToken({ name: "reader", scopes: ["read"] });
    const readerCookie = await signIn(reader.token);
    let ran = false;
    const refused = await inRequestScope({ cookie: `sweepboard_session=${readerCookie.value}` }, () =>
      runAction(z.object({ id: z.number() }), { id: exp.id }, async () => {
        ran = true;
        return 1;
      }),
    );
    expect(refused.result).toEqual({ ok: false, error: { code: "forbidden", message: expect.stringMatching(/write/) } });
    expect(ran).toBe(false);
    const viaApp = await inRequestScope({ cookie: `sweepboard_session=${readerCookie.value}` }, () => setArchivedAction({ id: exp.id, archived: true }));
    expect(viaApp.result).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect((await callRoute(routes.experiment.GET, { params: { id: exp.id }, headers: bearer(writer.token) }, "GET")).body.experiment.status).toBe("running");

    const noSession = await inRequestScope({}, () => runAction(z.object({}), {}, async () => 1));
    expect(noSession.result).toMatchObject({ ok: false, error: { code: "unauthorized" } });

    const writerCookie = await signIn(writer.token);
    const allowed = await inRequestScope({ cookie: `sweepboard_session=${writerCookie.value}` }, () => runAction(z.object({ id: z.number() }), { id: exp.id }, async ({ id }) => id));
    expect(allowed.result).toEqual({ ok: true, data: exp.id });
  });
});
