// lib/db/prepared.ts: a query built and compiled once answers every call with that call's values.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { prepared } from "@/lib/db/prepared";
import { createApiToken } from "@/lib/server/create-api-token";
import { setupTempDatabase } from "../support/temp-db";

setupTempDatabase({ token: false });

describe("prepared queries", () => {
  it("binds each call's values where the stand-ins were, and keeps the query's constants", async () => {
    const a = await createApiToken({ name: "first", scopes: ["read"] });
    const b = await createApiToken({ name: "second" });
    const byName = prepared((d, p: { name: string }) => d.selectFrom("ApiToken").select(["id", "name"]).where("name", "=", p.name).where("revokedAt", "is", null));
    expect(await byName(db(), { name: "first" })).toEqual([{ id: a.id, name: "first" }]);
    expect(await byName(db(), { name: "second" })).toEqual([{ id: b.id, name: "second" }]);
    expect(await byName(db(), { name: "nobody" })).toEqual([]);
    // Two stand-ins in one query, in either order of the parameter object.
    const between = prepared((d, p: { low: number; high: number }) => d.selectFrom("ApiToken").select("id").where("id", ">=", p.low).where("id", "<=", p.high).orderBy("id"));
    expect(await between(db(), { high: b.id, low: a.id })).toEqual([{ id: a.id }, { id: b.id }]);
    expect(await between(db(), { low: b.id, high: b.id })).toEqual([{ id: b.id }]);
  });

  it("refuses a parameter the query does not bind, instead of ignoring its value", async () => {
    const forgetful = prepared((d, _p: { name: string }) => d.selectFrom("ApiToken").select("id").where("name", "=", "constant"));
    await expect(forgetful(db(), { name: "x" })).rejects.toThrow(/parameter name is not bound/);
  });
});
