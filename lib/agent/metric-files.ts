// Metrics a run writes to files instead of printing them: TensorBoard event files under the trial's log
// directory (--tensorboard), or one metrics file of JSON lines or CSV (--metrics-file), read while the run
// writes them. Each poll reads only what was appended since the last one.
import { open, readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { decodeEvent, ProtobufError } from "./tf-event";
import { TfRecordReader } from "./tfrecord";
import type { MetricPoint } from "./types";

export interface FilePoll {
  points: MetricPoint[];
  warnings: string[];
}

export interface MetricFileSource {
  poll(): Promise<FilePoll>;
}

/** The bytes of `path` from `offset` to its current end (nothing when it shrank or vanished: see callers). */
async function readFrom(path: string, offset: number, size: number): Promise<Uint8Array> {
  const handle = await open(path, "r");
  try {
    const out = new Uint8Array(size - offset);
    let at = 0;
    while (at < out.length) {
      const { bytesRead } = await handle.read(out, at, out.length - at, offset + at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return out.subarray(0, at);
  } finally {
    await handle.close();
  }
}

async function eventFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await eventFiles(path)));
    else if (e.isFile() && e.name.includes("tfevents")) out.push(path);
  }
  return out.sort();
}

/**
 * Every scalar written to event files under `logdir`, as TensorBoard's scalars plugin shows them: old-style
 * `simple_value` and new-style scalar tensors, with the event's step and wall time. A metric's name is its tag,
 * prefixed by the event file's folder under the log directory when it is not the log directory itself (Keras
 * writes `train/` and `validation/` with the same tags).
 */
export class TensorBoardSource implements MetricFileSource {
  private readonly files = new Map<string, { offset: number; reader: TfRecordReader }>();
  constructor(private readonly logdir: string) {}

  async poll(): Promise<FilePoll> {
    const out: FilePoll = { points: [], warnings: [] };
    for (const path of await eventFiles(this.logdir)) {
      let file = this.files.get(path);
      if (!file) this.files.set(path, (file = { offset: 0, reader: new TfRecordReader() }));
      let size: number;
      try {
        size = (await stat(path)).size;
      } catch {
        continue;
      }
      if (size <= file.offset) continue;
      const bytes = await readFrom(path, file.offset, size);
      file.offset += bytes.length;
      const chunk = file.reader.push(bytes);
      const where = relative(this.logdir, path);
      for (const w of chunk.warnings) out.warnings.push(`${where}: ${w}`);
      const folder = relative(this.logdir, join(path, "..")).split(sep).join("/");
      for (const record of chunk.records) {
        let event;
        try {
          event = decodeEvent(record);
        } catch (error) {
          if (!(error instanceof ProtobufError)) throw error;
          out.warnings.push(`${where}: an event that is not a valid tensorflow.Event was skipped (${error.message})`);
          continue;
        }
        const wallTime = event.wallTime > 0 ? event.wallTime : Date.now() / 1000;
        for (const s of event.scalars) out.points.push({ name: folder === "" ? s.tag : `${folder}/${s.tag}`, step: event.step, value: s.value, wallTime });
      }
    }
    return out;
  }
}

const STEP_COLUMNS = new Set(["step", "global_step", "_step"]);
const TIME_COLUMNS = new Set(["wall_time", "walltime", "time", "timestamp", "_timestamp"]);

/**
 * One metrics file, JSON lines (`{"step": 3, "loss": 0.4}` or `{"name": "loss", "value": 0.4, "step": 3}`) or,
 * when it ends in .csv, CSV with a header row (Lightning's CSVLogger: `epoch,step,train_loss,...`, empty cells for
 * metrics not logged on that row). Numbers become points; `step` (or `global_step`) is the step, else the row's
 * index; `wall_time` / `timestamp` (seconds since the epoch) the time, else when the line was read. A file that
 * was there before the run is read from its end; one rewritten from the start (CSVLogger rewrites its file) is
 * read again, and points already sent are not sent twice.
 */
export class MetricsFileSource implements MetricFileSource {
  private offset = -1;
  private partial = "";
  private header: string[] | null = null;
  private row = 0;
  private readonly sent = new Set<string>();
  private readonly csv: boolean;
  private warnedLine = false;
  constructor(private readonly path: string) {
    this.csv = path.toLowerCase().endsWith(".csv");
  }

  /** Call before the run starts: a file already there is someone else's lines. */
  async start(): Promise<void> {
    try {
      this.offset = (await stat(this.path)).size;
    } catch {
      this.offset = 0;
    }
  }

  async poll(): Promise<FilePoll> {
    const out: FilePoll = { points: [], warnings: [] };
    if (this.offset < 0) this.offset = 0;
    let size: number;
    try {
      size = (await stat(this.path)).size;
    } catch {
      return out;
    }
    if (size < this.offset) {
      // Rewritten from the start: read it again, header and all.
      this.offset = 0;
      this.partial = "";
      this.header = null;
      this.row = 0;
    }
    if (size === this.offset) return out;
    const bytes = await readFrom(this.path, this.offset, size);
    this.offset += bytes.length;
    const text = this.partial + new TextDecoder().decode(bytes);
    const lines = text.split(/\r?\n/);
    this.partial = lines.pop() ?? "";
    const now = Date.now() / 1000;
    for (const line of lines) {
      if (line.trim() === "") continue;
      for (const p of this.csv ? this.csvLine(line, now) : this.jsonLine(line, now, out)) {
        const key = `${p.name}\u0000${p.step}\u0000${p.value}`;
        if (this.sent.has(key)) continue;
        this.sent.add(key);
        out.points.push(p);
      }
    }
    return out;
  }

  private jsonLine(line: string, now: number, out: FilePoll): MetricPoint[] {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (!this.warnedLine) out.warnings.push(`${this.path}: a line that is not JSON was skipped: ${line.slice(0, 80)}`);
      this.warnedLine = true;
      return [];
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) return [];
    const o = value as Record<string, unknown>;
    const row = this.row++;
    const step = [...STEP_COLUMNS].map((k) => o[k]).find((v): v is number => typeof v === "number" && Number.isInteger(v)) ?? row;
    const wallTime = [...TIME_COLUMNS].map((k) => o[k]).find((v): v is number => typeof v === "number" && v > 0) ?? now;
    if (typeof o.name === "string" && typeof o.value === "number") return [{ name: o.name, step, value: o.value, wallTime }];
    return Object.entries(o)
      .filter(([k, v]) => typeof v === "number" && !STEP_COLUMNS.has(k) && !TIME_COLUMNS.has(k))
      .map(([name, v]) => ({ name, step, value: v as number, wallTime }));
  }

  private csvLine(line: string, now: number): MetricPoint[] {
    const cells = line.split(",").map((c) => c.trim().replace(/^"(.*)"$/, "$1"));
    if (!this.header) {
      this.header = cells;
      return [];
    }
    const row = this.row++;
    const at = (names: Set<string>) => this.header!.findIndex((h) => names.has(h.toLowerCase()));
    const stepCell = cells[at(STEP_COLUMNS)];
    const step = stepCell !== undefined && /^-?\d+$/.test(stepCell) ? Number(stepCell) : row;
    const timeCell = cells[at(TIME_COLUMNS)];
    const wallTime = timeCell !== undefined && Number(timeCell) > 0 ? Number(timeCell) : now;
    const out: MetricPoint[] = [];
    this.header.forEach((name, i) => {
      const cell = cells[i];
      if (STEP_COLUMNS.has(name.toLowerCase()) || TIME_COLUMNS.has(name.toLowerCase()) || cell === undefined || cell === "") return;
      const value = Number(cell);
      if (Number.isFinite(value) || /^(nan|inf|-inf)$/i.test(cell)) out.push({ name, step, value, wallTime });
    });
    return out;
  }
}
