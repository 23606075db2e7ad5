import { describe, expect, it } from "vitest";
import * as uiTrials from "@/app/api/ui/experiments/[id]/trials/route";
import * as uiPreview from "@/app/api/ui/preview/route";
import { callRoute } from "../support/call-route";
import * as routes from "../support/routes";
import { setupTempDatabase } from "../support/temp-db";

setupTempDatabase();

// Names that are members of Object.prototype: a lookup on a plain object finds the member when the parameter is
// missing, and assigning "__proto__" sets the prototype. Every one must be an ordinary parameter.
const NAMES = ["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__"] as const;

/** JSON text with a "__proto__" key: an object literal cannot hold one as data, JSON.parse and fromEntries can. */
function body(value: unknown): string {
  return JSON.stringify(value);
}

const space = Object.fromEntries([
  ["constructor", { type: "uniform", low: 0, high: 1 }],
  ["toString", { type: "categorical", values: ["a", "b", "c"] }],
  ["valueOf", { type: "int", low: 1, high: 5 }],
  ["hasOwnProperty", { type: "loguniform", low: 1e-3, high: 1 }],
  ["__proto__", { type: "quniform", low: 0, high: 1, q: 0.25 }],
  ["isPrototypeOf", 7],
  [
    "propertyIsEnumerable",
    { type: "choice", options: [{ value: "toLocaleString", params: Object.fromEntries([["__proto__", { type: "uniform", low: 5, high: 6 }]]) }, "none"] },
  ],
]);

/** params[name] as an own property: params.constructor would be Object's when it is missing. */
const own = (params: Record<string, unknown>, name: string): unknown => Object.getOwnPropertyDescriptor(params, name)?.value;

function expectAllNames(params: Record<string, unknown>) {
  for (const name of NAMES) {
    expect(Object.hasOwn(params, name), name).toBe(true);
    expect(own(params, name), name).not.toBeNull();
  }
  expect(typeof own(params, "constructor")).toBe("number");
  expect(["a", "b", "c"]).toContain(own(params, "toString"));
  expect(Number.isInteger(own(params, "valueOf"))).toBe(true);
  expect(typeof own(params, "hasOwnProperty")).toBe("number");
  expect([0, 0.25, 0.5, 0.75, 1]).toContain(own(params, "__proto__"));
  expect(own(params, "isPrototypeOf")).toBe(7);
  const branch = own(params, "propertyIsEnumerable");
  expect(["toLocaleString", "none"]).toContain(branch);
  expect(Object.hasOwn(params, "propertyIsEnumerable.toLocaleString.__proto__")).toBe(branch === "toLocaleString");
}

async function create(extra: object) {
  const res = await callRoute(routes.experiments.POST, { body: body({ name: "names", space, objective: { metric: "loss" }, seed: 3, ...extra }) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.experiment;
}

describe("parameters named after Object.prototype members", () => {
  it("are stored, sampled (random startup and TPE), told and listed", async () => {
    const exp = await create({ sampler: { type: "tpe", nStartupTrials: 3 } });
    expect(Object.keys(exp.space).sort()).toEqual(Object.keys(space).sort());
    const got = await callRoute(routes.experiment.GET, { params: { id: exp.id } }, "GET");
    expect(Object.hasOwn(got.body.experiment.space, "__proto__")).toBe(true);
    for (let i = 0; i < 8; i++) {
      const trial = (await callRoute(routes.trials.POST, { params: { id: exp.id } })).body.trial;
      expectAllNames(trial.params);
      expect((await callRoute(routes.complete.POST, { params: { id: trial.id }, body: { value: Number(own(trial.params, "constructor")) } })).status).toBe(200);
    }
    const list = await callRoute(routes.trials.GET, { params: { id: exp.id } }, "GET");
    expect(list.body.trials).toHaveLength(8);
    for (const t of list.body.trials) expectAllNames(t.params);
  });

  it("can be enqueued, and the queued values come back on the next ask", async () => {
    const exp = await create({ sampler: "random" });
    const params = Object.fromEntries([
      ["constructor", 0.5],
      ["toString", "b"],
      ["valueOf", 4],
      ["hasOwnProperty", 0.01],
      ["__proto__", 0.75],
      ["propertyIsEnumerable", "toLocaleString"],
      ["propertyIsEnumerable.toLocaleString.__proto__", 5.5],
    ]);
    const queued = await callRoute(routes.enqueue.POST, { params: { id: exp.id }, body: body({ params }) });
    expect(queued.status, JSON.stringify(queued.body)).toBe(201);
    const asked = (await callRoute(routes.trials.POST, { params: { id: exp.id } })).body.trial;
    expect(asked.id).toBe(queued.body.trial.id);
    expect(asked.params).toEqual({ ...params, isPrototypeOf: 7 });
    expect(own(asked.params, "__proto__")).toBe(0.75);
    // A name missing from the enqueued params is reported, not looked up on Object.prototype.
    const { valueOf: _v, ...missing } = params;
    const refused = await callRoute(routes.enqueue.POST, { params: { id: exp.id }, body: body({ params: missing }) });
    expect(refused.status).toBe(422);
    expect(refused.body.error.path).toBe("params.valueOf");
  });

  it("work with a grid, whose values name them too", async () => {
    const values = Object.fromEntries([
      ["constructor", [0.1, 0.9]],
      ["toString", ["a", "c"]],
      ["valueOf", [1, 5]],
      ["hasOwnProperty", [0.01]],
      ["__proto__", [0, 1]],
      ["propertyIsEnumerable.toLocaleString.__proto__", [5.5]],
    ]);
    const exp = await create({ sampler: { type: "grid", values } });
    const seen = new Set<string>();
    for (;;) {
      const res = await callRoute(routes.trials.POST, { params: { id: exp.id } });
      if (res.status === 409) break;
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expectAllNames(res.body.trial.params);
      seen.add(JSON.stringify(res.body.trial.params));
      await callRoute(routes.complete.POST, { params: { id: res.body.trial.id }, body: { value: 1 } });
    }
    // 2 x 2 x 2 x 1 x 2 x (1 + 1) configurations, each handed out once.
    expect(seen.size).toBe(32);
  });

  it("reach the dashboard as columns, one per name", async () => {
    const exp = await create({ sampler: "random" });
    for (let i = 0; i < 3; i++) await callRoute(routes.trials.POST, { params: { id: exp.id } });
    const snap = await callRoute(uiTrials.GET, { params: { id: exp.id } }, "GET");
    expect(snap.status).toBe(200);
    const columns = snap.body.trials.params;
    for (const name of NAMES) {
      expect(Object.hasOwn(columns, name), name).toBe(true);
      expect(Array.isArray(columns[name]), name).toBe(true);
      expect(columns[name].every((v: unknown) => v !== null), name).toBe(true);
    }
  });

  it("are previewed by the new-sweep page", async () => {
    const res = await callRoute(uiPreview.POST, { body: body({ name: "p", space, objective: { metric: "loss" } }) });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    for (const sample of res.body.samples) expectAllNames(sample);
  });
});
