import type { MetricPoint } from "./types";

const MAX_POINTS_PER_REQUEST = 10_000;

export interface BatcherOptions {
  send: (points: MetricPoint[]) => Promise<{ shouldPrune: boolean }>;
  flushIntervalMs: number;
  flushPoints: number;
  onShouldPrune: () => void;
  /** A send that failed for good (after the client's own retries); the points are dropped. */
  onError: (error: unknown) => void;
}

/**
 * Buffers metric points and sends them in batches, one request at a time so points arrive in
 * order. A failed batch is not re-queued: the client already retried it through any restart.
 */
export class MetricBatcher {
  private buffer: MetricPoint[] = [];
  private inFlight: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly options: BatcherOptions) {
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs);
  }

  add(point: MetricPoint): void {
    this.buffer.push(point);
    if (this.buffer.length >= this.options.flushPoints) void this.flush();
  }

  /** Sends what is buffered, after any batch already on its way. */
  flush(): Promise<void> {
    this.inFlight = this.inFlight.then(async () => {
      while (this.buffer.length > 0) {
        const batch = this.buffer.splice(0, MAX_POINTS_PER_REQUEST);
        try {
          const answer = await this.options.send(batch);
          if (answer.shouldPrune) this.options.onShouldPrune();
        } catch (error) {
          this.options.onError(error);
          this.buffer = [];
        }
      }
    });
    return this.inFlight;
  }

  /** The last flush, at the end of a trial: nothing is sent after this. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
