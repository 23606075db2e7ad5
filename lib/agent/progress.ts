import { formatDuration, formatNumber, formatParams } from "./format";
import type { Tally } from "./tally";
import type { MetricPoint, Output, Trial, TrialOutcome } from "./types";

/** Everything the agent tells the user; plain log lines, or a live display on a terminal. */
export interface Reporter {
  message(text: string): void;
  warn(text: string): void;
  waiting(worker: number, why: string): void;
  trialStarted(worker: number, trial: Trial): void;
  output(worker: number, line: string, stream: "stdout" | "stderr"): void;
  metric(worker: number, point: MetricPoint): void;
  trialEnded(worker: number, trial: Trial, outcome: TrialOutcome, elapsedMs: number): void;
  workerDone(worker: number): void;
  finish(summary: string): void;
}

/** Log lines such as `[w1] trial 3 complete val_loss=0.31 (best 0.29)`: for files, CI and pipes. */
export class PlainReporter implements Reporter {
  constructor(
    protected readonly out: Output,
    protected readonly err: Output,
    protected readonly tally: Tally,
    /** With --quiet the command's stderr was not echoed, so a failure shows its tail here. */
    private readonly quiet: boolean,
  ) {}

  message(text: string): void {
    this.writeLine(this.out, `sweepboard: ${text}`);
  }

  warn(text: string): void {
    this.writeLine(this.err, `sweepboard: warning: ${text}`);
  }

  waiting(worker: number, why: string): void {
    this.writeLine(this.out, `[w${worker}] waiting: ${why}`);
  }

  trialStarted(worker: number, trial: Trial): void {
    this.writeLine(this.out, `[w${worker}] trial ${trial.number} started ${formatParams(trial.params)}`);
  }

  output(worker: number, line: string, stream: "stdout" | "stderr"): void {
    this.writeLine(stream === "stdout" ? this.out : this.err, `[w${worker}] ${line}`);
  }

  metric(_worker: number, _point: MetricPoint): void {}

  workerDone(_worker: number): void {}

  trialEnded(worker: number, trial: Trial, outcome: TrialOutcome, elapsedMs: number): void {
    const head = `[w${worker}] trial ${trial.number}`;
    const took = `in ${formatDuration(elapsedMs)}`;
    if (outcome.kind === "complete") {
      const best = this.tally.best ? ` (best ${formatNumber(this.tally.best.value)})` : "";
      const values = this.tally.metrics.map((metric, i) => `${metric}=${formatNumber(outcome.values[i]!)}`).join(" ");
      this.writeLine(this.out, `${head} complete ${values}${best} ${took}`);
    } else if (outcome.kind === "pruned") {
      this.writeLine(this.out, `${head} pruned${outcome.step === undefined ? "" : ` at step ${outcome.step}`} ${took}`);
    } else if (outcome.kind === "lost") {
      this.writeLine(this.out, `${head} ended on the server: ${outcome.reason}`);
    } else {
      const [first, ...rest] = outcome.error.split("\n");
      this.writeLine(this.out, `${head} ${outcome.kind === "failed" ? "failed" : "interrupted"}: ${first} ${took}`);
      if (this.quiet) for (const line of rest) this.writeLine(this.out, `${head} | ${line}`);
    }
  }

  finish(summary: string): void {
    this.writeLine(this.out, `sweepboard: ${summary}`);
  }

  protected writeLine(stream: Output, line: string): void {
    stream.write(`${line}\n`);
  }
}
