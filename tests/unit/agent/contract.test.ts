import { afterEach, describe, expect, it } from "vitest";
import { askTrialBody, failTrialBody, pruneTrialBody } from "@/lib/schemas/api";
import { completeTrialBody, reportMetricsBody } from "@/lib/schemas/trial";
import { trialCommandBody, trialOutputBody } from "@/lib/schemas/trial-output";
import { agent, FAKE_TRAIN } from "./agent-helpers";
import { FakeServer } from "./fake-server";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

// The fake server takes whatever it is sent; the real one validates with these schemas (strict objects).
const SCHEMAS: Array<[RegExp, { parse(body: unknown): unknown }]> = [
  [/^\/experiments\/\d+\/trials$/, askTrialBody],
  [/^\/trials\/\d+\/metrics$/, reportMetricsBody],
  [/^\/trials\/\d+\/complete$/, completeTrialBody],
  [/^\/trials\/\d+\/fail$/, failTrialBody],
  [/^\/trials\/\d+\/prune$/, pruneTrialBody],
  [/^\/trials\/\d+\/command$/, trialCommandBody],
  [/^\/trials\/\d+\/output$/, trialOutputBody],
];

describe("what the agent sends", () => {
  it("passes the server's own request schemas: ask, metrics with wallTime, complete, fail with kind, prune, command, output", { timeout: 20_000 }, async () => {
    const modes = ["complete", "fail", "crash", "slow"];
    server = await new FakeServer({
      maxTrials: modes.length,
      objectives: [{ metric: "loss", direction: "minimize" }],
      params: (n) => ({ mode: modes[n]!, x: 2 }),
      shouldPrune: (t) => t.params.mode === "slow" && t.points.length >= 3,
    }).start();
    const { result } = await agent(server, FAKE_TRAIN);
    expect(result).toMatchObject({ complete: 1, failed: 2, pruned: 1 });
    const seen = new Set<RegExp>();
    for (const { path, body } of server.bodies) {
      const match = SCHEMAS.find(([re]) => re.test(path));
      if (!match) continue; // heartbeats and GETs carry no body to check
      seen.add(match[0]);
      expect(() => match[1].parse(body), `${path} ${JSON.stringify(body)}`).not.toThrow();
    }
    expect(seen.size).toBe(SCHEMAS.length);
    const parsed = failTrialBody.parse(server.bodies.find((b) => b.path.endsWith("/fail"))!.body);
    expect(["program", "infrastructure"]).toContain(parsed.kind);
  });
});
