import { afterEach, describe, expect, it } from "vitest";
import { parseRetryAfter } from "@/lib/agent/http-client";
import { agent, FAKE_TRAIN, FAST } from "./agent-helpers";
import { FakeServer, type FakeServerOptions } from "./fake-server";
import { waitFor } from "./process-helpers";

let server: FakeServer | undefined;
const start = async (options: FakeServerOptions) => (server = await new FakeServer(options).start());
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const SCRIPT = ["node", "tests/unit/agent/fixtures/script.mjs"];
const epochs = (n: number) => Array.from({ length: n }, (_, i) => `step=${i} loss=${1 / (i + 1)}`).join("|");
const count = (text: string, needle: string) => text.split(needle).length - 1;
/** Runs `then` once the first trial has stored a point. */
const onceTraining = (s: FakeServer, then: () => void) => void waitFor(() => (s.trials[0]?.points.length ?? 0) > 0, 10_000).then(then);

describe("server outages", () => {
  it("rides out a server that is down (connection refused) longer than any retry window, then delivers everything", async () => {
    const s = await start({ maxTrials: 4, params: (n) => ({ x: n, steps: 10, delay: 50 }) });
    onceTraining(s, () => {
      void s.down().then(() => setTimeout(() => void s.up(), 1_500));
    });
    // Other 5xx give up after 200 ms here; an outage has no such limit by default.
    const { result, out, err } = await agent(s, FAKE_TRAIN, { parallel: 2, tuning: { ...FAST, serverErrorGiveUpMs: 200 } });
    expect(result).toMatchObject({ exitCode: 0, complete: 4, failed: 0, lost: 0 });
    expect(s.trials.map((t) => t.points.map((p) => p.step))).toEqual(s.trials.map(() => [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    // The first runs ended while the server was down; their results arrived after it came back.
    const up = s.log.indexOf("UP");
    expect(up).toBeGreaterThan(0);
    expect(s.log.indexOf("POST /trials/100/complete")).toBeGreaterThan(up);
    expect(count(err, "does not answer (ECONNREFUSED)") + count(err, "does not answer (ECONNRESET)"), err).toBeGreaterThanOrEqual(1);
    expect(count(err, "does not answer")).toBe(1); // one line per outage, whatever the calls and tries
    expect(count(out, "the server answers again after")).toBe(1);
  }, 20_000);

  it("gives up after --give-up-after and exits 1", async () => {
    const s = await start({ params: () => ({ x: 2, steps: 100, delay: 20 }) });
    onceTraining(s, () => void s.down());
    const started = Date.now();
    const { result, err } = await agent(s, FAKE_TRAIN, { giveUpAfterSec: 0.5 });
    expect(result.exitCode).toBe(1);
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(err).toContain("retrying for up to 1s (--give-up-after)");
    expect(err).toMatch(/gave up after \d+s \(--give-up-after\) \(is the server at http:\/\/127\.0\.0\.1:\d+ running\?\)/);
  }, 15_000);

  it("honours Retry-After on a 503", async () => {
    const s = await start({ maxTrials: 1, params: () => ({ x: 2 }) });
    s.unavailable = 1;
    s.retryAfter = "1";
    const { result } = await agent(s, FAKE_TRAIN);
    expect(result.complete).toBe(1);
    const gets = s.log.flatMap((entry, i) => (entry === "GET /experiments/1" ? [s.at[i]!] : []));
    expect(gets).toHaveLength(2); // no quick retries in between
    expect(gets[1]! - gets[0]!).toBeGreaterThanOrEqual(950);
  });

  it("rides out the server's database outage (503 database_unavailable, Retry-After) mid-trial and loses no point", async () => {
    const s = await start({ maxTrials: 1, params: () => ({ x: 2, steps: 20, delay: 10 }) });
    onceTraining(s, () => {
      s.unavailableCode = "database_unavailable";
      s.retryAfter = "1";
      s.unavailable = 3;
    });
    const started = Date.now();
    const { result, err } = await agent(s, FAKE_TRAIN);
    expect(result).toMatchObject({ exitCode: 0, complete: 1, lost: 0 });
    expect(s.trials[0]!.points.map((p) => p.step)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(count(err, "does not answer (HTTP 503 database_unavailable: the server cannot reach its database)")).toBe(1);
    // Retry-After: 1 waited out, not retried at once (calls in flight together may share the three 503s).
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  }, 20_000);

  it("retries a 500 for a while (a bug, not an outage) and says so", async () => {
    const s = await start({ maxTrials: 1, params: () => ({ x: 2 }) });
    s.internalErrors = 2;
    const { result, err } = await agent(s, FAKE_TRAIN);
    expect(result.complete).toBe(1);
    expect(err).toContain("GET /experiments/1: HTTP 500 internal: something went wrong; retrying");
  });

  it("on Ctrl-C during an outage stops within the shutdown grace", async () => {
    const s = await start({ params: () => ({ mode: "hang" }) });
    const controller = new AbortController();
    onceTraining(s, () => void s.down().then(() => setTimeout(() => controller.abort(), 200)));
    const started = Date.now();
    const { result } = await agent(s, FAKE_TRAIN, {}, { signal: controller.signal });
    expect(result.exitCode).toBe(130);
    expect(Date.now() - started).toBeLessThan(6_000);
  }, 15_000);

  it("counts a tell whose answer was lost but which had landed (the retry answers 409)", async () => {
    const s = await start({ maxTrials: 1, params: () => ({ x: 2 }) });
    s.loseNextAnswer = "complete";
    const { result, out } = await agent(s, FAKE_TRAIN);
    expect(s.log).toContain("LOST answer to /trials/100/complete");
    expect(result).toMatchObject({ complete: 1, lost: 0 });
    expect(out).toContain("trial 0 complete loss=0.2");
  });
});

describe("a full disk on the server (507 storage_full)", () => {
  it("keeps the points and the result, says so once, and delivers them when writes work again", async () => {
    const s = await start({ maxTrials: 1, params: () => ({ lines: epochs(20), delay: 20 }) });
    onceTraining(s, () => {
      s.diskFull = true;
      setTimeout(() => (s.diskFull = false), 1_000);
    });
    const { result, out, err } = await agent(s, SCRIPT);
    expect(result).toMatchObject({ exitCode: 0, complete: 1, failed: 0 });
    expect(s.trials[0]).toMatchObject({ state: "complete", value: 1 / 20 });
    expect(s.trials[0]!.points.map((p) => p.step)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(err).toMatch(/the server's disk is full: keeping \d+ points to send later/);
    expect(count(err, "disk is full")).toBe(1);
    expect(out).toContain("the server's disk takes writes again");
  }, 15_000);

  it("keeps at most maxBufferedPoints, dropping the oldest with one warning", async () => {
    const s = await start({ maxTrials: 1, params: () => ({ lines: epochs(60), delay: 10 }) });
    let storedBefore = 0;
    onceTraining(s, () => {
      s.diskFull = true;
      storedBefore = s.trials[0]!.points.length;
      setTimeout(() => (s.diskFull = false), 1_200); // past the run's end (600 ms)
    });
    const { result, err } = await agent(s, SCRIPT, { tuning: { ...FAST, maxBufferedPoints: 10 } });
    expect(result.complete).toBe(1);
    expect(s.trials[0]!.value).toBeCloseTo(1 / 60, 10);
    const steps = s.trials[0]!.points.map((p) => p.step).sort((a, b) => a - b);
    // What went out before the disk filled, plus at most 10 kept (in flight or buffered).
    expect(steps.length).toBeLessThanOrEqual(storedBefore + 10);
    // The kept ones are the newest: a run of consecutive steps that ends at the last.
    let first = steps.length - 1;
    while (first > 0 && steps[first - 1] === steps[first]! - 1) first--;
    expect(steps.at(-1)).toBe(59);
    expect(steps.length - first).toBeGreaterThanOrEqual(3);
    expect(count(err, "metric points are waiting for the server: dropping the oldest")).toBe(1);
  }, 15_000);
});

describe("heartbeats", () => {
  it("beats at a third of the sweep's heartbeatGraceSec when --heartbeat is longer, and says so once", async () => {
    const s = await start({ maxTrials: 1, heartbeatGraceSec: 0.3, params: () => ({ lines: epochs(10), delay: 100 }) });
    const { result, out } = await agent(s, SCRIPT, { heartbeatSec: 10 });
    expect(result.complete).toBe(1);
    expect(count(out, "heartbeat every 0.1s instead of 10s: the sweep's heartbeatGraceSec is 0.3s")).toBe(1);
    expect(s.trials[0]!.heartbeats).toBeGreaterThanOrEqual(3); // ~10 expected; fewer under a loaded machine
  });

  it("keeps --heartbeat when it is well inside the grace", async () => {
    const s = await start({ maxTrials: 1, heartbeatGraceSec: 300, params: () => ({ x: 2 }) });
    const { out } = await agent(s, FAKE_TRAIN, { heartbeatSec: 10 });
    expect(out).not.toContain("heartbeat every");
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates, ignores garbage", () => {
    expect(parseRetryAfter("2")).toBe(2_000);
    expect(parseRetryAfter("0.5")).toBe(500);
    expect(parseRetryAfter(new Date(1_000_000 + 3_000).toUTCString(), 1_000_000)).toBe(3_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter("999999")).toBe(3_600_000);
  });
});
