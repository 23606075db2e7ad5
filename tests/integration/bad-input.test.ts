import { describe, expect, it } from "vitest";
import * as experimentsRoute from "@/app/api/v1/experiments/route";
import * as experimentRoute from "@/app/api/v1/experiments/[id]/route";
import * as trialsRoute from "@/app/api/v1/experiments/[id]/trials/route";
import * as completeRoute from "@/app/api/v1/trials/[id]/complete/route";
import * as metricsRoute from "@/app/api/v1/trials/[id]/metrics/route";
import { callRoute } from "../support/call-route";
import { setupTempDatabase } from "../support/temp-db";

setupTempDatabase();

const valid = {
  name: "bad-input",
  space: { x: { type: "uniform", low: 0, high: 1 } },
  objective: { metric: "loss", direction: "minimize" },
  sampler: "random",
  maxTrials: 10,
};

function expectError(res: { status: number; body: any }, status: number, code: string, path?: string) {
  expect(res.status).toBe(status);
  expect(res.body.error.code).toBe(code);
  expect(typeof res.body.error.message).toBe("string");
  expect(res.body.error.message.length).toBeGreaterThan(5);
  if (path !== undefined) expect(res.body.error.path).toBe(path);
  expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js):\d+/);
}

describe("bad input gets a 4xx that names what was wrong", () => {
  it("malformed JSON", async () => {
    expectError(await callRoute(experimentsRoute.POST, { body: '{"name": "x",' }), 400, "invalid_json");
  });

  it("an empty body", async () => {
    expectError(await callRoute(experimentsRoute.POST, { body: "" }), 400, "invalid_json");
  });

  it("wrong types", async () => {
    expectError(await callRoute(experimentsRoute.POST, { body: { ...valid, maxTrials: "ten" } }), 422, "validation_error", "maxTrials");
  });

  it("unknown fields", async () => {
    const res = await callRoute(experimentsRoute.POST, { body: { ...valid, colour: "blue" } });
    expectError(res, 422, "validation_error");
    expect(res.body.error.message).toMatch(/unknown field "colour"/);
  });

  it("missing fields", async () => {
    const { name: _name, ...noName } = valid;
    const res = await callRoute(experimentsRoute.POST, { body: noName });
    expectError(res, 422, "validation_error", "name");
    expect(res.body.error.message).toBe("name: is required");
  });

  it("a missing objective", async () => {
    const { objective: _o, ...noObjective } = valid;
    expectError(await callRoute(experimentsRoute.POST, { body: noObjective }), 422, "validation_error", "objective");
  });

  it("an invalid search space names the offending node", async () => {
    const res = await callRoute(experimentsRoute.POST, { body: { ...valid, space: { lr: { type: "loguniform", low: 0, high: 1 } } } });
    expectError(res, 422, "validation_error", "space.lr.low");
  });

  it("NaN or Infinity where a number is needed", async () => {
    expectError(await callRoute(experimentsRoute.POST, { body: '{"name":"x","space":{"x":{"type":"uniform","low":0,"high":1}},"objective":{"metric":"loss"},"maxTrials":NaN}' }), 422, "validation_error", "maxTrials");
    const exp = (await callRoute(experimentsRoute.POST, { body: valid })).body.experiment;
    const trial = (await callRoute(trialsRoute.POST, { params: { id: exp.id } })).body.trial;
    const res = await callRoute(metricsRoute.POST, { params: { id: trial.id }, body: '{"points":[{"name":"loss","step":1,"value":Infinity}]}' });
    expectError(res, 422, "validation_error", "points[0].value");
    expect(res.body.error.message).toMatch(/finite/);
  });

  it("bodies over 1 MiB", async () => {
    const huge = JSON.stringify({ ...valid, description: "x".repeat(1024 * 1024 + 10) });
    expectError(await callRoute(experimentsRoute.POST, { body: huge }), 413, "payload_too_large");
  });

  it("unknown ids", async () => {
    expectError(await callRoute(experimentRoute.GET, { params: { id: 999999 } }, "GET"), 404, "not_found");
    expectError(await callRoute(experimentRoute.GET, { params: { id: "abc" } }, "GET"), 404, "not_found");
    expectError(await callRoute(trialsRoute.POST, { params: { id: 999999 } }), 404, "not_found");
    expectError(await callRoute(metricsRoute.POST, { params: { id: 999999 }, body: { points: [{ name: "loss", step: 0, value: 1 }] } }), 404, "not_found");
    expectError(await callRoute(completeRoute.POST, { params: { id: 999999 }, body: { value: 1 } }), 404, "not_found");
  });

  it("wrong trial states, without touching what is stored", async () => {
    const exp = (await callRoute(experimentsRoute.POST, { body: valid })).body.experiment;
    const trial = (await callRoute(trialsRoute.POST, { params: { id: exp.id } })).body.trial;
    expect((await callRoute(completeRoute.POST, { params: { id: trial.id }, body: { value: 0.25 } })).status).toBe(200);
    expectError(await callRoute(completeRoute.POST, { params: { id: trial.id }, body: { value: 0.1 } }), 409, "wrong_state");
    expectError(await callRoute(metricsRoute.POST, { params: { id: trial.id }, body: { points: [{ name: "loss", step: 0, value: 1 }] } }), 409, "wrong_state");
    const list = await callRoute(trialsRoute.GET, { params: { id: exp.id } }, "GET");
    expect(list.body.trials[0]).toMatchObject({ state: "complete", value: 0.25 });
  });

  it("a tell with neither value nor values, or the wrong count", async () => {
    const exp = (await callRoute(experimentsRoute.POST, { body: valid })).body.experiment;
    const trial = (await callRoute(trialsRoute.POST, { params: { id: exp.id } })).body.trial;
    expectError(await callRoute(completeRoute.POST, { params: { id: trial.id }, body: {} }), 422, "validation_error", "value");
    expectError(await callRoute(completeRoute.POST, { params: { id: trial.id }, body: { values: [1, 2] } }), 422, "validation_error", "values");
  });
});

describe("unexpected errors", () => {
  it("answer a generic 500 that leaks nothing", async () => {
    const { apiRoute } = await import("@/lib/http/route");
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const handler = apiRoute(async () => {
        throw new Error("secret table name sqlite_master");
      });
      const res = await callRoute(handler, {}, "GET");
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ error: { code: "internal", message: "internal server error" } });
      expect(errors).toHaveLength(1);
    } finally {
      console.error = original;
    }
  });
});
