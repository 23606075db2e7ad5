import { describe, expect, it, vi } from "vitest";
import * as catchAll from "@/app/api/[...path]/route";
import * as uiExperiments from "@/app/api/ui/experiments/route";
import * as uiScalars from "@/app/api/ui/experiments/[id]/scalars/route";
import * as uiPreview from "@/app/api/ui/preview/route";
import { createExperimentAction } from "@/app/experiments/new/actions";
import { enqueueTrialAction } from "@/app/experiments/[id]/actions";
import { MAX_JSON_DEPTH } from "@/lib/http/json-safety";
import { callRoute } from "../support/call-route";
import * as routes from "../support/routes";
import { setupTempDatabase } from "../support/temp-db";

// Server actions read the request's cookies and headers through next/headers; outside a Next request
// there are none, as for a visitor without a session (a local dashboard needs no sign-in).
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined }), headers: async () => new Headers() }));

setupTempDatabase();

const valid = {
  name: "hostile",
  space: { x: { type: "uniform", low: -1, high: 1 } },
  objective: { metric: "loss", direction: "minimize" },
  sampler: "random",
  maxTrials: 100,
};

function expectError(res: { status: number; body: any }, status: number, code: string, path?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.code).toBe(code);
  expect(res.body.error.message.length).toBeGreaterThan(10);
  if (path !== undefined) expect(res.body.error.path).toBe(path);
}

async function newExperiment(overrides: Record<string, unknown> = {}) {
  const res = await callRoute(routes.experiments.POST, { body: { ...valid, ...overrides } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.experiment as { id: number; name: string };
}

async function runningTrial(experimentId: number) {
  const res = await callRoute(routes.trials.POST, { params: { id: experimentId } });
  expect(res.status).toBe(201);
  return res.body.trial as { id: number; number: number };
}

async function experimentCount(): Promise<number> {
  return (await callRoute(routes.experiments.GET, { query: { archived: "true" } }, "GET")).body.experiments.length;
}

/** `{"a":{"a":...1}}` with `levels` objects. */
function nestedObject(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

/** A search space whose choice parameters nest `levels` deep, the innermost option holding a uniform. */
function nestedChoiceSpace(levels: number): Record<string, unknown> {
  let params: Record<string, unknown> = { lr: { type: "uniform", low: 0, high: 1 } };
  for (let i = 0; i < levels; i++) params = { [`c${i}`]: { type: "choice", options: [{ value: "deeper", params }, "stop"] } };
  return params;
}

function jsonDepth(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  return 1 + Math.max(0, ...Object.values(value).map(jsonDepth));
}

describe("JSON nesting deeper than the limit is refused before anything is processed", () => {
  const deep = "[".repeat(5000) + "]".repeat(5000);

  it("5,000 levels in a create answer 400 naming the limit, and create nothing", async () => {
    const before = await experimentCount();
    const res = await callRoute(routes.experiments.POST, { body: `{"name":"deep","space":{"x":${deep}},"objective":{"metric":"loss"}}` });
    expectError(res, 400, "bad_request");
    expect(res.body.error.message).toContain(`more than ${MAX_JSON_DEPTH} levels`);
    expect(await experimentCount()).toBe(before);
  });

  it("a deep complete (even with Python's bare NaN) is refused and the trial stays running, ready for a real complete", async () => {
    const exp = await newExperiment();
    const trial = await runningTrial(exp.id);
    for (const value of ["0.5", "NaN"]) {
      expectError(await callRoute(routes.complete.POST, { params: { id: trial.id }, body: `{"value":${value},"userAttrs":{"a":${deep}}}` }), 400, "bad_request");
    }
    expect((await callRoute(routes.trial.GET, { params: { id: trial.id } }, "GET")).body.trial.state).toBe("running");
    const done = await callRoute(routes.complete.POST, { params: { id: trial.id }, body: { value: 0.5 } });
    expect(done.status).toBe(200);
    expect(done.body.trial).toMatchObject({ state: "complete", value: 0.5 });
  });

  it("the limit is exact: 64 levels pass, 65 do not (the body itself is level 1)", async () => {
    const exp = await newExperiment();
    const trial = await runningTrial(exp.id);
    // body (1) > userAttrs (2) > ... : nestedObject(n) under userAttrs makes the body n + 2 deep.
    const tooDeep = { value: 1, userAttrs: { a: nestedObject(MAX_JSON_DEPTH - 1) } };
    expect(jsonDepth(tooDeep)).toBe(MAX_JSON_DEPTH + 1);
    expectError(await callRoute(routes.complete.POST, { params: { id: trial.id }, body: tooDeep }), 400, "bad_request");
    const deepest = { value: 1, userAttrs: { a: nestedObject(MAX_JSON_DEPTH - 2) } };
    expect(jsonDepth(deepest)).toBe(MAX_JSON_DEPTH);
    const res = await callRoute(routes.complete.POST, { params: { id: trial.id }, body: deepest });
    expect(res.status).toBe(200);
    expect(jsonDepth(res.body.trial.userAttrs)).toBe(MAX_JSON_DEPTH - 1);
  });

  it("brackets inside strings are text, not nesting", async () => {
    const exp = await newExperiment({ description: "[{".repeat(5000) });
    expect(exp.id).toBeGreaterThan(0);
  });

  it("unbalanced brackets 100,000 deep answer 400 (the scan stops at the limit)", async () => {
    expectError(await callRoute(routes.experiments.POST, { body: "[".repeat(100_000) }), 400, "bad_request");
  });

  it("a search space with choices nested 10 deep still fits, as an object and as YAML text", async () => {
    const space = nestedChoiceSpace(10);
    const body = { ...valid, name: "nested choices", space };
    expect(jsonDepth(body)).toBeGreaterThan(40);
    expect(jsonDepth(body)).toBeLessThanOrEqual(MAX_JSON_DEPTH);
    const exp = await newExperiment({ name: "nested choices", space });
    const { stringify } = await import("yaml");
    const fromYaml = await newExperiment({ name: "nested choices yaml", space: stringify(space), spaceFormat: "yaml" });
    expect(fromYaml.id).toBe(exp.id + 1);
    const trial = await runningTrial(fromYaml.id);
    expect(trial.number).toBe(0);
  });

  it("the preview route (the new-sweep form's live validation) has the same limit", async () => {
    expectError(await callRoute(uiPreview.POST, { body: `{"name":"x","space":${deep}}` }), 400, "bad_request");
  });
});

describe("a search space given as text has the same limits, as a 422 naming space", () => {
  it("JSON text nested past the limit", async () => {
    const res = await callRoute(routes.experiments.POST, { body: { ...valid, spaceFormat: "json", space: `{"x":${"[".repeat(5000)}}` } });
    expectError(res, 422, "validation_error", "space");
    expect(res.body.error.message).toContain(`more than ${MAX_JSON_DEPTH} levels`);
  });

  it("YAML flow collections 100,000 deep are refused quickly (the yaml composer recurses per level)", async () => {
    const started = Date.now();
    const res = await callRoute(routes.experiments.POST, { body: { ...valid, space: "[".repeat(100_000) + "]".repeat(100_000) } });
    expectError(res, 422, "validation_error", "space");
    expect(res.body.error.message).toMatch(/YAML nests more than 64 levels/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("YAML block nesting (compact sequences, indented maps) past the limit", async () => {
    expectError(await callRoute(routes.experiments.POST, { body: { ...valid, space: "- ".repeat(5000) + "1\n" } }), 422, "validation_error", "space");
    let indented = "";
    for (let i = 0; i < 200; i++) indented += `${" ".repeat(i)}a:\n`;
    expectError(await callRoute(routes.experiments.POST, { body: { ...valid, space: `${indented}${" ".repeat(200)}1\n` } }), 422, "validation_error", "space");
  });

  it("billion laughs is refused, and so are documents with thousands of aliases (quadratic in the yaml package)", async () => {
    const laughs = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
      "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
      "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
      "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
      "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
      "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
    ].join("\n");
    const res = await callRoute(routes.experiments.POST, { body: { ...valid, space: laughs } });
    expectError(res, 422, "validation_error", "space");
    expect(res.body.error.message).toMatch(/alias/);

    let many = "";
    for (let i = 0; i < 20_000; i++) many += `a${i}: &x${i} 1\n`;
    for (let i = 0; i < 20_000; i++) many += `b${i}: *x${i}\n`;
    const started = Date.now();
    const res2 = await callRoute(routes.experiments.POST, { body: { ...valid, space: many } });
    expectError(res2, 422, "validation_error", "space");
    expect(res2.body.error.message).toMatch(/at most 100 are allowed/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("aliases that nest a document deeper than its text are caught after parsing", async () => {
    const inner = "[".repeat(40) + "1" + "]".repeat(40);
    const outer = "[".repeat(40) + "*deep" + "]".repeat(40);
    const res = await callRoute(routes.experiments.POST, { body: { ...valid, space: `a: &deep ${inner}\nb: ${outer}\n` } });
    expectError(res, 422, "validation_error");
    expect(res.body.error.path).toMatch(/^space\.b/);
  });

  it("a few aliases in a normal space still work", async () => {
    const space = "lr: &range {type: uniform, low: 0, high: 1}\nmomentum: *range\n";
    const exp = await newExperiment({ name: "aliases", space });
    const trial = (await callRoute(routes.trials.POST, { params: { id: exp.id } })).body.trial;
    expect(Object.keys(trial.params).sort()).toEqual(["lr", "momentum"]);
  });
});

describe("lone UTF-16 surrogates are refused at the edge with the path", () => {
  it("in a string value, naming the field, and nothing is created", async () => {
    const before = await experimentCount();
    const res = await callRoute(routes.experiments.POST, { body: '{"name":"bad \\ud800 name","space":{"x":{"type":"uniform","low":0,"high":1}},"objective":{"metric":"loss"}}' });
    expectError(res, 422, "validation_error", "name");
    expect(res.body.error.message).toMatch(/lone UTF-16 surrogate/);
    expect(await experimentCount()).toBe(before);
  });

  it("in a metric name (better-sqlite3 would have stored U+FFFD instead), and no point is stored", async () => {
    const exp = await newExperiment();
    const trial = await runningTrial(exp.id);
    const res = await callRoute(routes.metrics.POST, { params: { id: trial.id }, body: '{"points":[{"name":"loss","step":0,"value":1},{"name":"l\\udfff","step":1,"value":1}]}' });
    expectError(res, 422, "validation_error", "points[1].name");
    expect((await callRoute(routes.metrics.GET, { params: { id: trial.id } }, "GET")).body.names).toEqual([]);
  });

  it("in an object key, naming the key with the surrogate replaced", async () => {
    const exp = await newExperiment();
    const trial = await runningTrial(exp.id);
    const res = await callRoute(routes.complete.POST, { params: { id: trial.id }, body: '{"value":1,"userAttrs":{"note\\udc00":1}}' });
    expectError(res, 422, "validation_error", "userAttrs.note\ufffd");
    expect(res.body.error.message).toMatch(/key contains a lone UTF-16 surrogate/);
    expect((await callRoute(routes.trial.GET, { params: { id: trial.id } }, "GET")).body.trial.state).toBe("running");
  });

  it("deep inside arrays, naming the index", async () => {
    const exp = await newExperiment();
    const res = await callRoute(routes.enqueue.POST, { params: { id: exp.id }, body: '{"params":{"x":0.5,"tags":["ok","\\ud83d"]}}' });
    expectError(res, 422, "validation_error", "params.tags[1]");
  });

  it("a well-formed pair (an emoji) is fine", async () => {
    const exp = await newExperiment({ name: "smile \ud83d\ude00" });
    expect(exp.name).toBe("smile \ud83d\ude00");
  });

  it('a "__proto__" key is an ordinary key: stored and read back, never a prototype', async () => {
    const exp = await newExperiment();
    const trial = await runningTrial(exp.id);
    const res = await callRoute(routes.complete.POST, { params: { id: trial.id }, body: '{"value":1,"userAttrs":{"__proto__":{"x":1}}}' });
    expect(res.status).toBe(200);
    const attrs = res.body.trial.userAttrs;
    expect(Object.getOwnPropertyDescriptor(attrs, "__proto__")?.value).toEqual({ x: 1 });
    expect(Object.getPrototypeOf(attrs)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("a byte order mark before the JSON is ignored", async () => {
    const res = await callRoute(routes.experiments.POST, { body: `\ufeff${JSON.stringify({ ...valid, name: "bom" })}` });
    expect(res.status).toBe(201);
  });
});

describe("server actions apply the same limits in their wrapper", () => {
  it("a deep input answers bad_request as data, and creates nothing", async () => {
    const before = await experimentCount();
    const res = await createExperimentAction({ ...valid, space: { x: nestedObject(5000) } });
    // Named by its top-level field, not by a path 64 segments long.
    expect(res).toMatchObject({ ok: false, error: { code: "bad_request", path: "space" } });
    if (!res.ok) expect(res.error.message).toBe(`space: nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep; at most ${MAX_JSON_DEPTH} are allowed`);
    expect(await experimentCount()).toBe(before);
  });

  it("a lone surrogate answers validation_error with its path", async () => {
    const exp = await newExperiment();
    const res = await enqueueTrialAction({ id: exp.id, params: { x: 0.5, "tag\ud800": "a" } });
    expect(res).toMatchObject({ ok: false, error: { code: "validation_error", path: "params.tag\ufffd" } });
    const ok = await enqueueTrialAction({ id: exp.id, params: { x: 0.5 } });
    expect(ok).toEqual({ ok: true, data: 0 });
  });

  it("a cyclic input is refused instead of overflowing the validators", async () => {
    const cyclic: Record<string, unknown> = { ...valid };
    cyclic.space = { x: cyclic };
    expect(await createExperimentAction(cyclic)).toMatchObject({ ok: false, error: { code: "bad_request" } });
  });
});

describe("CSV export neutralises formulas (OWASP CSV injection)", () => {
  it("strings that start with = + - @ tab or CR get a quote prefix and quotes; numbers, negative ones too, stay numbers", async () => {
    const exp = await newExperiment({
      name: "csv",
      space: { x: { type: "uniform", low: -1, high: 1 }, opt: { type: "categorical", values: ["=1+1", "+cmd", "-0.5", "@SUM(A1)", "\tx", "\rx", "plain"] } },
      objective: { metric: "=HYPERLINK(\"http://evil\")", direction: "minimize" },
    });
    const ids: number[] = [];
    for (const opt of ["=1+1", "+cmd", "-0.5", "@SUM(A1)", "\tx", "\rx", "plain"]) {
      expect((await callRoute(routes.enqueue.POST, { params: { id: exp.id }, body: { params: { x: -0.5, opt } } })).status).toBe(201);
      const trial = await runningTrial(exp.id);
      ids.push(trial.id);
      expect((await callRoute(routes.complete.POST, { params: { id: trial.id }, body: { value: -0.25 } })).status).toBe(200);
    }
    const failed = await runningTrial(exp.id);
    expect((await callRoute(routes.fail.POST, { params: { id: failed.id }, body: { error: "=cmd|' /C calc'!A0" } })).status).toBe(200);

    const res = await callRoute(routes.exportRoute.GET, { params: { id: exp.id }, query: { format: "csv" } }, "GET");
    expect(res.status).toBe(200);
    const lines = (res.body as string).split("\n");
    expect(lines[0]).toBe(`number,state,"'=HYPERLINK(""http://evil"")",param:opt,param:x,started_at,completed_at,last_step,error`);
    // value -0.25 and x -0.5 are numbers: kept as they are, a spreadsheet reads them as negative numbers.
    const cells = (n: number) => lines[n + 1]!.split(",").slice(0, 5);
    expect(cells(0)).toEqual(["0", "complete", "-0.25", `"'=1+1"`, "-0.5"]);
    expect(cells(1)).toEqual(["1", "complete", "-0.25", `"'+cmd"`, "-0.5"]);
    // The categorical "-0.5" is a string the user chose: neutralised like any other text.
    expect(cells(2)).toEqual(["2", "complete", "-0.25", `"'-0.5"`, "-0.5"]);
    expect(cells(3)).toEqual(["3", "complete", "-0.25", `"'@SUM(A1)"`, "-0.5"]);
    expect(cells(4)).toEqual(["4", "complete", "-0.25", `"'\tx"`, "-0.5"]);
    expect(res.body as string).toContain(`,"'\rx",`);
    expect(lines.find((l) => l.startsWith("6,"))!.split(",").slice(0, 5)).toEqual(["6", "complete", "-0.25", "plain", "-0.5"]);
    expect(lines.find((l) => l.startsWith("7,"))).toMatch(/^7,failed,,.*,"'=cmd\|' \/C calc'!A0"$/s); // s: its sampled opt may be "\rx"
  });
});

describe("search terms are literal", () => {
  it("% _ and \\ match themselves, case-insensitively, in the API and the dashboard list", async () => {
    for (const name of ["100% done", "a_b", "back\\slash", "plain search"]) await newExperiment({ name });
    const names = async (handler: typeof routes.experiments.GET, search: string) =>
      ((await callRoute(handler, { query: { search } }, "GET")).body.experiments as Array<{ name: string }>).map((e) => e.name);
    for (const handler of [routes.experiments.GET, uiExperiments.GET]) {
      expect(await names(handler, "%")).toEqual(["100% done"]);
      expect(await names(handler, "_")).toEqual(["a_b"]);
      expect(await names(handler, "A_B")).toEqual(["a_b"]);
      expect(await names(handler, "\\")).toEqual(["back\\slash"]);
      expect(await names(handler, "k\\s")).toEqual(["back\\slash"]);
      expect(await names(handler, "%%")).toEqual([]);
      expect(await names(handler, "plain se")).toEqual(["plain search"]);
    }
  });
});

describe("integer query parameters are decimal digits, not whatever Number() accepts", () => {
  it("an empty cursor is a 422 naming cursor, not page one", async () => {
    const exp = await newExperiment();
    expectError(await callRoute(routes.trials.GET, { params: { id: exp.id }, query: { cursor: "" } }, "GET"), 422, "validation_error", "cursor");
  });

  it('"", " 5 ", "1e3", "0x10", "5.0" and "+5" are refused for every integer parameter', async () => {
    const exp = await newExperiment();
    const trial = await runningTrial(exp.id);
    const calls = [
      { handler: routes.trials.GET, params: { id: exp.id }, name: "cursor" },
      { handler: routes.trials.GET, params: { id: exp.id }, name: "limit" },
      { handler: routes.metrics.GET, params: { id: trial.id }, name: "afterStep" },
      { handler: routes.metrics.GET, params: { id: trial.id }, name: "limit" },
    ];
    for (const { handler, params, name } of calls) {
      for (const bad of ["", " 5 ", "1e3", "0x10", "5.0", "+5"]) {
        expectError(await callRoute(handler, { params, query: { [name]: bad } }, "GET"), 422, "validation_error", name);
      }
    }
    for (const bad of ["", "1e3", "0x10"]) {
      expectError(await callRoute(uiScalars.GET, { params: { id: exp.id }, query: { metric: "loss", trials: String(trial.id), maxPoints: bad } }, "GET"), 422, "validation_error", "maxPoints");
    }
  });

  it("plain digits still work, and out-of-range values name the bound", async () => {
    const exp = await newExperiment();
    await runningTrial(exp.id);
    await runningTrial(exp.id);
    const page = await callRoute(routes.trials.GET, { params: { id: exp.id }, query: { cursor: "0", limit: "1" } }, "GET");
    expect(page.status).toBe(200);
    expect(page.body.trials.map((t: { number: number }) => t.number)).toEqual([1]);
    expect((await callRoute(routes.trials.GET, { params: { id: exp.id }, query: { cursor: "-1", limit: "0010" } }, "GET")).body.trials).toHaveLength(2);
    expectError(await callRoute(routes.trials.GET, { params: { id: exp.id }, query: { cursor: "-2" } }, "GET"), 422, "validation_error", "cursor");
    expectError(await callRoute(routes.trials.GET, { params: { id: exp.id }, query: { limit: "10001" } }, "GET"), 422, "validation_error", "limit");
    expectError(await callRoute(routes.trials.GET, { params: { id: exp.id }, query: { cursor: "99999999999999999999" } }, "GET"), 422, "validation_error", "cursor");
  });
});

describe("metric points are idempotent per (trial, name, step), within a batch too", () => {
  it("a later batch replaces a point (last wins); three copies in one batch store one point, the last", async () => {
    const exp = await newExperiment();
    const trial = await runningTrial(exp.id);
    const series = async (name: string) => (await callRoute(routes.metrics.GET, { params: { id: trial.id }, query: { name } }, "GET")).body.points.map((p: { step: number; value: number }) => [p.step, p.value]);

    expect((await callRoute(routes.metrics.POST, { params: { id: trial.id }, body: { points: [{ name: "loss", step: 0, value: 1 }] } })).body.stored).toBe(1);
    expect((await callRoute(routes.metrics.POST, { params: { id: trial.id }, body: { points: [{ name: "loss", step: 0, value: 2 }] } })).body.stored).toBe(1);
    expect(await series("loss")).toEqual([[0, 2]]);

    const dup = await callRoute(routes.metrics.POST, { params: { id: trial.id }, body: { points: [1, 2, 3].map((value) => ({ name: "acc", step: 5, value })) } });
    expect(dup.body).toEqual({ stored: 1, shouldPrune: false });
    expect(await series("acc")).toEqual([[5, 3]]);

    const mixed = [
      { name: "loss", step: 1, value: 0.9 },
      { name: "loss", step: 1, value: 0.8 },
      { name: "acc", step: 1, value: 0.1 },
      { name: " loss ", step: 2, value: 0.7 }, // names are trimmed: the same metric as "loss"
      { name: "loss", step: 2, value: 0.6 },
    ];
    expect((await callRoute(routes.metrics.POST, { params: { id: trial.id }, body: { points: mixed } })).body.stored).toBe(3);
    expect(await series("loss")).toEqual([[0, 2], [1, 0.8], [2, 0.6]]);
    expect(await series("acc")).toEqual([[1, 0.1], [5, 3]]);
  });

  it("the OpenAPI document says what stored counts", async () => {
    const doc = (await callRoute(routes.openapi.GET, {}, "GET")).body;
    const schema = doc.paths["/trials/{id}/metrics"].post.responses["200"].content["application/json"].schema;
    expect(schema.properties.stored.description).toMatch(/distinct \(name, step\) points/);
  });
});

describe("unknown API paths answer a JSON 404 for every method", () => {
  it("GET POST PUT PATCH DELETE OPTIONS", async () => {
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const) {
      const res = await callRoute(catchAll[method], { params: { path: "v1/nope" } }, method);
      expectError(res, 404, "not_found");
      expect(res.headers.get("content-type")).toMatch(/application\/json/);
      expect(res.body.error.message).toContain(`${method} /api/test`);
    }
  });
});

describe("more of the same family", () => {
  it("ids that are huge, negative, fractional or hex are 404s for that resource", async () => {
    for (const id of ["99999999999999999999", "-1", "1.5", "0x1", "1e3", "", " 1"]) {
      expectError(await callRoute(routes.experiment.GET, { params: { id } }, "GET"), 404, "not_found");
      expectError(await callRoute(routes.metrics.POST, { params: { id }, body: { points: [{ name: "l", step: 0, value: 1 }] } }), 404, "not_found");
    }
  });

  it("form or multipart bodies are 400 invalid_json, not 500", async () => {
    expectError(await callRoute(routes.experiments.POST, { body: "name=x&space=y", headers: { "content-type": "application/x-www-form-urlencoded" } }), 400, "invalid_json");
    expectError(await callRoute(routes.experiments.POST, { body: '--b\r\ncontent-disposition: form-data; name="a"\r\n\r\n1\r\n--b--', headers: { "content-type": "multipart/form-data; boundary=b" } }), 400, "invalid_json");
  });

  it("a body that is not UTF-8 is a 400, not a name stored with U+FFFD in it", async () => {
    const { createApiToken } = await import("@/lib/server/create-api-token");
    const { token } = await createApiToken({ name: "raw bytes" });
    const before = await experimentCount();
    const json = new TextEncoder().encode(JSON.stringify({ ...valid, name: "latin1 \u0000" }));
    const bytes = new Uint8Array([...json.subarray(0, json.indexOf(0x5c)), 0xe9, ...json.subarray(json.indexOf(0x5c) + 6)]);
    expect(new TextDecoder().decode(bytes)).toContain('"latin1 \ufffd"');
    const req = new Request("http://localhost/api/v1/experiments", { method: "POST", headers: { host: "localhost", "content-type": "application/json", authorization: `Bearer ${token}` }, body: bytes });
    const res = await routes.experiments.POST(req, { params: Promise.resolve({}) });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ code: "invalid_json", message: expect.stringMatching(/not valid UTF-8/) });
    expect(await experimentCount()).toBe(before);
  });

  it("bodies that are JSON but not objects are 422", async () => {
    for (const body of ["[]", "null", '"x"', "5"]) expectError(await callRoute(routes.experiments.POST, { body }), 422, "validation_error");
  });
});

describe("the token API guards itself (it skips the proxy step)", () => {
  it("refuses a foreign Host or a foreign Origin before authenticating, and every answer carries the security headers", async () => {
    const { createApiToken } = await import("@/lib/server/create-api-token");
    const { token } = await createApiToken({ name: "guard" });
    const before = await experimentCount();
    const call = (headers: Record<string, string>, method = "GET", body?: string) =>
      (method === "GET" ? routes.experiments.GET : routes.experiments.POST)(new Request("http://localhost/api/v1/experiments", { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers }, body }), { params: Promise.resolve({}) });
    const rebound = await call({ host: "rebind.attacker.example:3000" });
    expect(rebound.status).toBe(421);
    expect((await rebound.json()).error.code).toBe("misdirected_request");
    expect(rebound.headers.get("x-frame-options")).toBe("DENY");
    const crossOrigin = await call({ host: "localhost", origin: "http://evil.example" }, "POST", JSON.stringify(valid));
    expect(crossOrigin.status).toBe(403);
    expect(await experimentCount()).toBe(before);
    const ok = await call({ host: "localhost" });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(ok.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
