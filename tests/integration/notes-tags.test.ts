// Notes and tags through the real route handlers, on SQLite and on PostgreSQL: PATCH of a sweep and of a
// trial, the tag rules (lib/schemas/notes.ts), the list filtered by tags in SQL, and the bad input.
import { describe, expect, it } from "vitest";
import { createApiToken } from "@/lib/server/create-api-token";
import { callRoute } from "../support/call-route";
import * as routes from "../support/routes";
import { setupTempDatabase } from "../support/temp-db";

setupTempDatabase();

async function createSweep(name: string) {
  const res = await callRoute(routes.experiments.POST, { body: { name, space: { x: { type: "uniform", low: 0, high: 1 } }, objective: { metric: "loss" }, sampler: "random" } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.experiment as { id: number; tags: string[] };
}

const patchSweep = (id: number | string, body: unknown, headers?: Record<string, string>) => callRoute(routes.experiment.PATCH, { params: { id }, body, headers }, "PATCH");
const patchTrial = (id: number | string, body: unknown, headers?: Record<string, string>) => callRoute(routes.trial.PATCH, { params: { id }, body, headers }, "PATCH");
const list = (query: Record<string, string | string[]>) => callRoute(routes.experiments.GET, { query }, "GET");

function issueAt(body: any, path: string): string | undefined {
  const issues = (body.error.issues ?? [body.error]) as Array<{ path: string; message: string }>;
  return issues.find((i) => i.path === path)?.message;
}

describe("a sweep's note and tags", () => {
  it("start empty, are set by PATCH (tags normalised, duplicates folded) and read back", async () => {
    const exp = await createSweep("noted");
    expect(exp.tags).toEqual([]);
    const read0 = await callRoute(routes.experiment.GET, { params: { id: exp.id } }, "GET");
    expect(read0.body.experiment.note).toBe("");

    const res = await patchSweep(exp.id, { note: "# Baseline\n\n**lr** sweep <script>x</script>", tags: [" Baseline ", "lr:1e-3", "baseline", "v1.2_a-b"] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.experiment.tags).toEqual(["baseline", "lr:1e-3", "v1.2_a-b"]);
    expect(res.body.experiment.note).toBe("# Baseline\n\n**lr** sweep <script>x</script>");

    // An absent field keeps its value.
    const onlyTags = await patchSweep(exp.id, { tags: ["other"] });
    expect(onlyTags.body.experiment.note).toBe("# Baseline\n\n**lr** sweep <script>x</script>");
    const onlyNote = await patchSweep(exp.id, { note: "" });
    expect(onlyNote.body.experiment).toMatchObject({ note: "", tags: ["other"] });
    const read = await callRoute(routes.experiment.GET, { params: { id: exp.id } }, "GET");
    expect(read.body.experiment).toMatchObject({ note: "", tags: ["other"] });
  });

  it.each([
    [{ tags: ["ok", "has space"] }, "tags[1]", /tag "has space" must be 1-32 characters/],
    [{ tags: ["Ünïcode"] }, "tags[0]", /tag "ünïcode"/],
    [{ tags: ["   "] }, "tags[0]", /tag "" must be 1-32/],
    [{ tags: ["x".repeat(33)] }, "tags[0]", /must be 1-32/],
    [{ tags: Array.from({ length: 17 }, (_, i) => `t${i}`) }, "tags", /at most 16/],
    [{ tags: "baseline" }, "tags", /array/],
    [{ tags: [1] }, "tags[0]", /string/],
    [{ note: "x".repeat(20_001) }, "note", /at most 20,000 characters/],
    [{ note: 5 }, "note", /string/],
    [{ color: "red" }, "", /color/],
  ])("refuses %j with a 422 naming %s", async (body, path, message) => {
    const exp = await createSweep("bad input");
    const res = await patchSweep(exp.id, body);
    expect(res.status, JSON.stringify(res.body)).toBe(422);
    const found = path === "" ? res.body.error.message : issueAt(res.body, path);
    expect(found, JSON.stringify(res.body)).toMatch(message);
  });

  it("folds duplicates before counting: 20 tags of which 16 differ are fine", async () => {
    const exp = await createSweep("many");
    const tags = [...Array.from({ length: 16 }, (_, i) => `t${i}`), "T0", "t1 ", " t2", "T3"];
    const res = await patchSweep(exp.id, { tags });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.experiment.tags).toHaveLength(16);
  });

  it("answers 404 for an unknown sweep, 400 for a body that is not JSON, and 403 to a read-only token", async () => {
    expect((await patchSweep(999_999, { note: "x" })).status).toBe(404);
    expect((await patchSweep("abc", { note: "x" })).status).toBe(404);
    const exp = await createSweep("guarded");
    expect((await patchSweep(exp.id, "{not json")).status).toBe(400);
    const reader = await createApiToken({ name: "reader", scopes: ["read"] });
    const denied = await patchSweep(exp.id, { note: "x" }, { authorization: `Bearer ${reader.token}` });
    expect(denied.status).toBe(403);
    expect((await callRoute(routes.experiment.GET, { params: { id: exp.id } }, "GET")).body.experiment.note).toBe("");
  });
});

describe("the sweeps list filtered by tags", () => {
  it("keeps the sweeps having every given tag, in SQL on this database", async () => {
    const a = await createSweep("filter a");
    const b = await createSweep("filter b");
    const c = await createSweep("filter c");
    await patchSweep(a.id, { tags: ["fx-base", "fx-lr"] });
    await patchSweep(b.id, { tags: ["fx-base"] });
    // A tag that holds another as a substring, and a JSON-looking note, must not match.
    await patchSweep(c.id, { tags: ["fx-base2"], note: '["fx-base"]' });
    const ids = (body: any) => (body.experiments as Array<{ id: number }>).map((e) => e.id).sort((x, y) => x - y);

    expect(ids((await list({ tag: "fx-base" })).body)).toEqual([a.id, b.id]);
    expect(ids((await list({ tag: ["fx-base", "fx-lr"] })).body)).toEqual([a.id]);
    expect(ids((await list({ tag: ["FX-Base ", "fx-lr"] })).body)).toEqual([a.id]);
    expect(ids((await list({ tag: ["fx-base", "fx-nope"] })).body)).toEqual([]);
    expect(ids((await list({ tag: "fx-base", search: "filter b" })).body)).toEqual([b.id]);
    const listed = (await list({ tag: "fx-lr" })).body.experiments[0];
    expect(listed.tags).toEqual(["fx-base", "fx-lr"]);
  });

  it("refuses a bad tag and more than five tag parameters with a 422 naming tag", async () => {
    const bad = await list({ tag: ["ok", "no way"] });
    expect(bad.status).toBe(422);
    expect(issueAt(bad.body, "tag[1]")).toMatch(/tag "no way"/);
    const many = await list({ tag: ["a", "b", "c", "d", "e", "f"] });
    expect(many.status).toBe(422);
    expect(issueAt(many.body, "tag")).toMatch(/at most 5 tag parameters/);
    expect((await list({ tag: ["a", "b", "c", "d", "e"] })).status).toBe(200);
  });
});

describe("a trial's note and tags", () => {
  it("are set by PATCH, read back by GET and in the trials list, and checked like a sweep's", async () => {
    const exp = await createSweep("trial notes");
    const ask = await callRoute(routes.trials.POST, { params: { id: exp.id } });
    expect(ask.status).toBe(201);
    const trialId = ask.body.trial.id as number;
    expect(ask.body.trial).toMatchObject({ note: "", tags: [] });

    const res = await patchTrial(trialId, { note: "diverged at *step 40*", tags: ["Diverged", "nan"] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.trial).toMatchObject({ id: trialId, note: "diverged at *step 40*", tags: ["diverged", "nan"], state: "running" });
    expect((await callRoute(routes.trial.GET, { params: { id: trialId } }, "GET")).body.trial.tags).toEqual(["diverged", "nan"]);
    const listed = await callRoute(routes.trials.GET, { params: { id: exp.id } }, "GET");
    expect(listed.body.trials[0]).toMatchObject({ note: "diverged at *step 40*", tags: ["diverged", "nan"] });

    const empty = await patchTrial(trialId, {});
    expect(empty.status).toBe(200);
    expect(empty.body.trial.note).toBe("diverged at *step 40*");

    const bad = await patchTrial(trialId, { tags: ["a/b"] });
    expect(bad.status).toBe(422);
    expect(issueAt(bad.body, "tags[0]")).toMatch(/tag "a\/b"/);
    expect((await patchTrial(trialId, { tags: [], extra: 1 })).status).toBe(422);
    expect((await patchTrial(999_999, { note: "x" })).status).toBe(404);
    expect((await patchTrial(999_999, {})).status).toBe(404);
    const reader = await createApiToken({ name: "trial reader", scopes: ["read"] });
    expect((await patchTrial(trialId, { note: "x" }, { authorization: `Bearer ${reader.token}` })).status).toBe(403);
  });
});

describe("the OpenAPI document", () => {
  it("describes both PATCH calls and the tag filter", async () => {
    const doc = (await callRoute(routes.openapi.GET, {}, "GET")).body;
    for (const path of ["/experiments/{id}", "/trials/{id}"]) {
      const op = doc.paths[path].patch;
      expect(op["x-scope"]).toBe("write");
      expect(Object.keys(op.requestBody.content["application/json"].schema.properties).sort()).toEqual(["note", "tags"]);
    }
    const tag = doc.paths["/experiments"].get.parameters.find((p: { name: string }) => p.name === "tag");
    expect(tag).toMatchObject({ in: "query", required: false });
    expect(JSON.stringify(tag.schema)).toMatch(/at most 5/);
  });
});
