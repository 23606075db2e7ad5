import { formatDuration, formatNumber } from "./format";
import { PlainReporter } from "./progress";
import type { Tally } from "./tally";
import type { MetricPoint, Output, Trial, TrialOutcome } from "./types";

interface Row {
  status: string;
  trial?: number;
  startedAt?: number;
  metric?: MetricPoint;
}

const CLEAR_TO_END = "\x1b[J";
const up = (n: number) => (n > 0 ? `\x1b[${n}A` : "");

/**
 * On a terminal: the same log lines scroll above a status block (one row per worker plus a total)
 * that is redrawn in place, so the block is always the last thing on screen.
 */
export class TtyReporter extends PlainReporter {
  private readonly rows: Row[];
  private drawnLines = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(out: Output, err: Output, tally: Tally, quiet: boolean, workers: number, redrawMs: number) {
    super(out, err, tally, quiet);
    this.rows = Array.from({ length: workers }, () => ({ status: "starting" }));
    this.timer = setInterval(() => this.redraw(), redrawMs);
    this.timer.unref();
  }

  override waiting(worker: number, why: string): void {
    this.row(worker).status = `waiting: ${why}`;
    this.redraw();
  }

  override trialStarted(worker: number, trial: Trial): void {
    Object.assign(this.row(worker), { status: "running", trial: trial.number, startedAt: Date.now(), metric: undefined });
    super.trialStarted(worker, trial);
  }

  override metric(worker: number, point: MetricPoint): void {
    const row = this.row(worker);
    // The objective is the number people watch; other metrics show until it first appears.
    if (point.name === this.tally.objective || row.metric?.name !== this.tally.objective) row.metric = point;
  }

  override trialEnded(worker: number, trial: Trial, outcome: TrialOutcome, elapsedMs: number): void {
    Object.assign(this.row(worker), { status: "asking for a trial", trial: undefined, startedAt: undefined, metric: undefined });
    super.trialEnded(worker, trial, outcome, elapsedMs);
  }

  override workerDone(worker: number): void {
    this.row(worker).status = "done";
    this.redraw();
  }

  override finish(summary: string): void {
    clearInterval(this.timer);
    this.out.write(this.clear());
    this.drawnLines = 0;
    this.out.write(`sweepboard: ${summary}\n`);
  }

  protected override writeLine(stream: Output, line: string): void {
    this.out.write(this.clear());
    this.drawnLines = 0;
    stream.write(`${line}\n`);
    this.redraw();
  }

  private row(worker: number): Row {
    return this.rows[worker - 1] ?? (this.rows[worker - 1] = { status: "starting" });
  }

  private clear(): string {
    return this.drawnLines > 0 ? `\r${up(this.drawnLines)}${CLEAR_TO_END}` : "";
  }

  private redraw(): void {
    const width = Math.max(20, (this.out.columns || 100) - 1); // 0 when the pty reports no size
    // Lines longer than the terminal would wrap and break the cursor arithmetic, so cut them.
    const lines = [...this.rows.map((row, i) => this.describeRow(row, i + 1)), this.describeTotal()].map((l) => (l.length > width ? `${l.slice(0, width - 1)}…` : l));
    this.out.write(`${this.clear()}${lines.join("\n")}\n`);
    this.drawnLines = lines.length;
  }

  private describeRow(row: Row, worker: number): string {
    if (row.trial === undefined) return `  w${worker}  ${row.status}`;
    const metric = row.metric ? `  ${row.metric.name}=${formatNumber(row.metric.value)} @${row.metric.step}` : "";
    return `  w${worker}  trial ${row.trial}${metric}  ${formatDuration(Date.now() - (row.startedAt ?? Date.now()))}`;
  }

  private describeTotal(): string {
    const t = this.tally;
    const agent = `${t.finished}${t.count === undefined ? "" : `/${t.count}`} done (${t.complete} complete, ${t.pruned} pruned, ${t.failed} failed)`;
    const experiment = t.budget === null ? "" : ` · experiment ${t.doneBefore + t.finished}/${t.budget}`;
    const best = t.best ? ` · best ${t.objective}=${formatNumber(t.best.value)} (trial ${t.best.trialNumber})` : "";
    return `  ${agent}${experiment}${best} · ${formatDuration(Date.now() - t.startedAt)}`;
  }
}
