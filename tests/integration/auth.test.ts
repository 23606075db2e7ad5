import { describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/server/create-api-token";
import { revokeApiToken } from "@/lib/server/revoke-api-token";
import { callRoute } from "../support/call-route";
import * as routes from "../support/routes";
import { setupTempDatabase } from "../support/temp-db";

setupTempDatabase({ token: false });

const body = { name: "auth", space: { x: { type: "uniform", low: 0, high: 1 } }, objective: { metric: "loss" }, sampler: "random" };
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

describe("API tokens", () => {
  it("401 without a token, with an unknown token, and after revocation", async () => {
    const none = await callRoute(routes.experiments.GET, {}, "GET");
    expect(none.status).toBe(401);
    expect(none.body.error.message).toMatch(/missing API token/);
    const wrong = await callRoute(routes.experiments.GET, { headers: bearer("sb_nope") }, "GET");
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.message).toBe("invalid API token");

    const t = await createApiToken({ name: "ci" });
    expect((await callRoute(routes.experiments.GET, { headers: bearer(t.token) }, "GET")).status).toBe(200);
    await revokeApiToken({ id: t.id });
    const revoked = await callRoute(routes.experiments.GET, { headers: bearer(t.token) }, "GET");
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.message).toMatch(/revoked/);
  });

  it("403 when the token lacks the scope", async () => {
    const reader = await createApiToken({ name: "reader", scopes: ["read"] });
    expect((await callRoute(routes.experiments.GET, { headers: bearer(reader.token) }, "GET")).status).toBe(200);
    const res = await callRoute(routes.experiments.POST, { headers: bearer(reader.token), body });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/lacks the "write" scope/);
  });

  it("stores only a hash and a display prefix", async () => {
    const t = await createApiToken({ name: "hash" });
    const { db } = await import("@/lib/db/client");
    const row = await db().selectFrom("ApiToken").selectAll().where("id", "=", t.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(t.token);
    expect(t.token.startsWith(row.prefix!)).toBe(true);
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses bad token requests", async () => {
    await expect(createApiToken({ name: "x", scopes: ["admin"] })).rejects.toThrow(/scopes: must be one or more of read, write/);
    await expect(createApiToken({ name: " " })).rejects.toThrow(/name/);
  });

  it("the OpenAPI document is public and lists every operation with its scope", async () => {
    const res = await callRoute(routes.openapi.GET, {}, "GET");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    expect(res.body.paths["/experiments/{id}/trials"].post["x-scope"]).toBe("write");
    expect(res.body.paths["/trials/{id}/metrics"].post.requestBody.content["application/json"].schema.properties.points.type).toBe("array");
  });
});
