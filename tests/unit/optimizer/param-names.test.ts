import { describe, expect, it } from "vitest";
import { InMemoryStorage, Study, flattenParams, nestParams, parseSamplerConfig, parseSpace, validateParams, type SamplerConfig } from "../../../lib/optimizer";

// Object.prototype member names as parameter names, through the engine alone (the routes have their own test).
const at = (o: object, key: string): unknown => Object.getOwnPropertyDescriptor(o, key)?.value;
const space = () =>
  parseSpace(
    Object.fromEntries([
      ["__proto__", { type: "uniform", low: 0, high: 1 }],
      ["constructor", { type: "categorical", values: ["a", "b"] }],
      ["toString", { type: "int", low: 1, high: 3 }],
      ["valueOf", { type: "choice", options: [{ value: "hasOwnProperty", params: Object.fromEntries([["__proto__", { type: "uniform", low: 2, high: 3 }]]) }, "none"] }],
    ]),
  );

describe("parameter names that are Object.prototype members, in the engine", () => {
  it("parse to own keys that parse to themselves", () => {
    const s = space();
    expect(Object.keys(s)).toEqual(["__proto__", "constructor", "toString", "valueOf"]);
    expect(Object.getPrototypeOf(s)).toBe(Object.prototype);
    expect(parseSpace(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });

  for (const sampler of [parseSamplerConfig("random", {}), parseSamplerConfig("qmc", {}), parseSamplerConfig("tpe", { nStartupTrials: 2 }), parseSamplerConfig("grid", { resolution: 3 })] as SamplerConfig[]) {
    it(`are sampled by ${sampler.name}, never null`, async () => {
      const study = new Study({ storage: new InMemoryStorage(), space: space(), sampler, objectives: [{ metric: "y", direction: "minimize" }], seed: 4 });
      for (let i = 0; i < 6; i++) {
        const t = await study.ask();
        expect(typeof at(t.params, "__proto__")).toBe("number");
        expect(["a", "b"]).toContain(at(t.params, "constructor"));
        expect([1, 2, 3]).toContain(at(t.params, "toString"));
        const branch = at(t.params, "valueOf");
        expect(["hasOwnProperty", "none"]).toContain(branch);
        expect(Object.hasOwn(t.params, "valueOf.hasOwnProperty.__proto__")).toBe(branch === "hasOwnProperty");
        expect(Object.keys(t.internal).sort()).toEqual(Object.keys(t.params).sort());
        await study.tell(t.number, { state: "complete", values: [Number(at(t.params, "__proto__"))] });
      }
    });
  }

  it("validate, nest and flatten", () => {
    const flat = Object.fromEntries<unknown>([["__proto__", 0.5], ["constructor", "b"], ["toString", 2], ["valueOf", "hasOwnProperty"], ["valueOf.hasOwnProperty.__proto__", 2.5]]);
    const v = validateParams(space(), flat);
    expect(v.params).toEqual(flat);
    const nested = nestParams(v.params);
    expect(at(at(nested, "valueOf") as object, "__proto__")).toBe(2.5);
    expect(flattenParams(nested)).toEqual(flat);
    expect(validateParams(space(), nested).params).toEqual(flat);
    const { toString: _t, ...missing } = flat;
    expect(() => validateParams(space(), missing)).toThrow(/toString: is required/);
  });
});
