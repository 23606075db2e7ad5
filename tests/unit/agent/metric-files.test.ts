import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { crc32c, maskedCrc32c } from "@/lib/agent/crc32c";
import { MetricsFileSource, TensorBoardSource } from "@/lib/agent/metric-files";
import { decodeEvent } from "@/lib/agent/tf-event";
import { TfRecordReader } from "@/lib/agent/tfrecord";
import { concat, eventBytes, record } from "../../support/tfevents";
import { agent } from "./agent-helpers";
import { FakeServer } from "./fake-server";

let dir = "";
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sweepboard-files-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("CRC-32C and TFRecord framing", () => {
  it("computes the Castagnoli checksum of the standard check string", () => {
    expect(crc32c(new TextEncoder().encode("123456789"))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(0))).toBe(0);
    // Masking: rotate right 15, add 0xa282ead8 (TFRecord's definition).
    const c = 0xe3069283;
    expect(maskedCrc32c(new TextEncoder().encode("123456789"))).toBe((((c >>> 15) | (c << 17)) + 0xa282ead8) >>> 0);
  });

  it("answers whole records whatever the chunks a growing file arrives in", () => {
    const records = [1, 2, 3].map((i) => eventBytes({ wallTime: 100 + i, step: i, scalars: [{ tag: "loss", simple: 1 / i }] }));
    const file = concat(records.map(record));
    for (const size of [1, 7, 13, file.length]) {
      const reader = new TfRecordReader();
      const got: Uint8Array[] = [];
      for (let at = 0; at < file.length; at += size) got.push(...reader.push(file.subarray(at, at + size)).records);
      expect(got).toEqual(records);
    }
  });

  it("skips a record whose data fails its checksum, and finds the next record after a damaged header, one warning each", () => {
    const a = record(eventBytes({ wallTime: 1, step: 1, scalars: [{ tag: "loss", simple: 1 }] }));
    const b = record(eventBytes({ wallTime: 2, step: 2, scalars: [{ tag: "loss", simple: 2 }] }));
    const c = record(eventBytes({ wallTime: 3, step: 3, scalars: [{ tag: "loss", simple: 3 }] }));
    const badData = a.slice();
    badData[14] = badData[14]! ^ 0xff;
    const badHeader = b.slice();
    badHeader[0] = badHeader[0]! ^ 0x01;
    const reader = new TfRecordReader();
    const out = reader.push(concat([badData, badHeader, c]));
    expect(out.records.map((r) => decodeEvent(r).step)).toEqual([3]);
    expect(out.warnings).toHaveLength(2);
    expect(out.warnings[0]).toMatch(/record at byte 0 failed its checksum/);
    expect(out.warnings[1]).toMatch(new RegExp(`damaged record header at byte ${a.length}`));
  });
});

describe("tensorflow.Event scalars", () => {
  it("reads old-style simple values and new-style scalar tensors, with step and wall time", () => {
    const e = decodeEvent(
      eventBytes({
        wallTime: 1700000000.25,
        step: 42,
        scalars: [
          { tag: "loss", simple: 0.5 },
          { tag: "acc", tensor: { dtype: "float", value: 0.75, via: "content" } },
          { tag: "lr", tensor: { dtype: "double", value: 1e-3, via: "val" }, dataClass: 1 },
          { tag: "image", tensor: { dtype: "float", value: 1, via: "content" }, plugin: "images" },
        ],
      }),
    );
    expect(e.wallTime).toBe(1700000000.25);
    expect(e.step).toBe(42);
    expect(e.scalars).toEqual([
      { tag: "loss", value: 0.5 },
      { tag: "acc", value: 0.75 },
      { tag: "lr", value: 1e-3 },
    ]);
  });

  it("reads the file-version event that opens every file as no scalars, and refuses bytes that are no message", () => {
    expect(decodeEvent(eventBytes({ wallTime: 5, fileVersion: "brain.Event:2" }))).toEqual({ wallTime: 5, step: 0, scalars: [] });
    expect(() => decodeEvent(new Uint8Array([0x0a, 0x05, 0x01]))).toThrow(/past the end/);
  });
});

describe("metric files read while a run writes them", () => {
  it("TensorBoard: reads what was appended since the last poll; a subfolder prefixes the tag", async () => {
    const src = new TensorBoardSource(dir);
    expect((await src.poll()).points).toEqual([]);
    const file = join(dir, "events.out.tfevents.1.host");
    writeFileSync(file, concat([record(eventBytes({ wallTime: 10, fileVersion: "brain.Event:2" })), record(eventBytes({ wallTime: 11, step: 1, scalars: [{ tag: "loss", simple: 0.5 }] }))]));
    // Half of the next record: it waits for the rest.
    const next = record(eventBytes({ wallTime: 12, step: 2, scalars: [{ tag: "loss", simple: 0.25 }] }));
    appendFileSync(file, next.subarray(0, 9));
    expect((await src.poll()).points).toEqual([{ name: "loss", step: 1, value: 0.5, wallTime: 11 }]);
    appendFileSync(file, next.subarray(9));
    mkdirSync(join(dir, "validation"));
    writeFileSync(join(dir, "validation", "events.out.tfevents.2.host"), record(eventBytes({ wallTime: 13, step: 2, scalars: [{ tag: "loss", tensor: { dtype: "float", value: 0.375, via: "content" } }] })));
    expect((await src.poll()).points).toEqual([
      { name: "loss", step: 2, value: 0.25, wallTime: 12 },
      { name: "validation/loss", step: 2, value: 0.375, wallTime: 13 },
    ]);
    expect((await src.poll()).points).toEqual([]);
  });

  it("JSON lines: both layouts, a partial last line waits, a line that is not JSON is skipped with a warning", async () => {
    const path = join(dir, "metrics.jsonl");
    writeFileSync(path, '{"loss": 9}\n'); // there before the run: not this trial's
    const src = new MetricsFileSource(path);
    await src.start();
    appendFileSync(path, '{"step": 1, "loss": 0.5, "acc": 0.8, "wall_time": 100}\n{"name": "loss", "value": 0.25, "step": 2}\nnot json\n{"step": 3, "lo');
    const first = await src.poll();
    expect(first.points.map(({ name, step, value }) => ({ name, step, value }))).toEqual([
      { name: "loss", step: 1, value: 0.5 },
      { name: "acc", step: 1, value: 0.8 },
      { name: "loss", step: 2, value: 0.25 },
    ]);
    expect(first.points[0]!.wallTime).toBe(100);
    expect(first.warnings).toEqual([expect.stringMatching(/not JSON was skipped: not json/)]);
    appendFileSync(path, 'ss": 0.125}\n');
    expect((await src.poll()).points.map((p) => [p.name, p.step, p.value])).toEqual([["loss", 3, 0.125]]);
  });

  it("CSV in Lightning's layout: empty cells skipped, a file rewritten from the start sends only its new points", async () => {
    const path = join(dir, "metrics.csv");
    const src = new MetricsFileSource(path);
    await src.start();
    writeFileSync(path, "epoch,step,train_loss,val_loss\n0,9,0.9,\n0,9,,0.8\n");
    expect((await src.poll()).points.map((p) => [p.name, p.step, p.value])).toEqual([
      ["epoch", 9, 0],
      ["train_loss", 9, 0.9],
      ["epoch", 9, 0],
      ["val_loss", 9, 0.8],
    ].filter((p, i, all) => all.findIndex((q) => q[0] === p[0] && q[1] === p[1] && q[2] === p[2]) === i));
    // CSVLogger rewrites the whole file, header first, at each save.
    writeFileSync(path, "epoch,step,train_loss,val_loss\n0,9,0.9,\n0,9,,0.8\n1,19,0.5,\n");
    expect((await src.poll()).points.map((p) => [p.name, p.step, p.value])).toEqual([
      ["epoch", 19, 1],
      ["train_loss", 19, 0.5],
    ]);
  });
});

describe("the agent with --tensorboard", () => {
  let server: FakeServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("gives the run its own log directory and reports the scalars it wrote, the last loss its result", async () => {
    const events = join(dir, "source.tfevents");
    writeFileSync(events, concat([1, 2, 3].map((step) => record(eventBytes({ wallTime: 1000 + step, step, scalars: [{ tag: "loss", simple: 1 / step }] })))));
    server = await new FakeServer({ maxTrials: 1 }).start();
    const copy = "const fs = require('fs'); fs.copyFileSync(process.argv[1], require('path').join(process.env.SWEEPBOARD_LOGDIR, 'events.out.tfevents.1.host')); console.log('logdir=' + process.argv[2]);";
    const run = await agent(server, ["node", "-e", copy, events, "${logdir}"], { tensorboard: true, logdirRoot: join(dir, "logs"), paramStyle: "args" });
    const trial = server.trials[0]!;
    // simple_value is a 32-bit float: 1/3 arrives as float32's nearest value.
    expect(trial.points.map((p) => [p.name, p.step, p.value, p.wallTime])).toEqual([
      ["loss", 1, 1, 1001],
      ["loss", 2, 0.5, 1002],
      ["loss", 3, Math.fround(1 / 3), 1003],
    ]);
    expect(trial.state).toBe("complete");
    expect(trial.value).toBeCloseTo(1 / 3, 6);
    expect(run.out).toContain(`logdir=${join(dir, "logs", "experiment-1", `trial-${trial.id}`)}`);
  });
});
