import { SerialPump } from "./serial-pump";
import type { MetricPoint } from "./types";

const MAX_POINTS_PER_REQUEST = 10_000;

/**
 * The agent-wide bound on metric points not yet delivered (buffered or on their way), shared by
 * every trial's batcher. While the server is down or full the points wait here; past `max` the
 * oldest buffered ones are dropped, a percent at a time so a long outage costs no per-point shifting.
 */
export class PointBudget {
  total = 0;
  dropped = 0;
  private warned = false;
  private readonly batchers = new Set<MetricBatcher>();

  constructor(
    readonly max: number,
    private readonly warn: (text: string) => void,
  ) {}

  register(batcher: MetricBatcher): void {
    this.batchers.add(batcher);
  }

  unregister(batcher: MetricBatcher): void {
    this.batchers.delete(batcher);
  }

  /** Room for one more point, dropping the oldest buffered ones when the bound is reached. */
  reserve(): void {
    while (this.total >= this.max) {
      let oldest: MetricBatcher | undefined;
      for (const b of this.batchers) if (b.oldestWallTime !== undefined && (oldest === undefined || b.oldestWallTime < oldest.oldestWallTime!)) oldest = b;
      if (!oldest) break; // everything is on its way: nothing to drop
      const n = oldest.dropOldest(Math.max(1, Math.ceil(this.max / 100)));
      this.total -= n;
      this.dropped += n;
      if (!this.warned) {
        this.warned = true;
        this.warn(`${this.max.toLocaleString("en-US")} metric points are waiting for the server: dropping the oldest to stay within memory`);
      }
    }
    this.total++;
  }

  release(n: number): void {
    this.total = Math.max(0, this.total - n);
    if (this.total === 0) this.warned = false;
  }
}

export interface BatcherOptions {
  send: (points: MetricPoint[]) => Promise<{ shouldPrune: boolean }>;
  flushIntervalMs: number;
  flushPoints: number;
  budget: PointBudget;
  onShouldPrune: () => void;
  /**
   * A send that failed for good. The client retries outages and a full disk itself for as long as it
   * is allowed to, so this is a refusal (4xx), a give-up, or a shutdown. fatal: drop the rest too.
   */
  onError: (error: unknown) => { fatal: boolean };
}

/**
 * Buffers metric points and sends them in batches, one request at a time so points arrive in
 * order. While a send waits out an outage new points keep collecting behind it.
 */
export class MetricBatcher {
  private buffer: MetricPoint[] = [];
  private readonly pump = new SerialPump(() => this.buffer.length > 0, () => this.sendAll());
  private stopped = false;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly options: BatcherOptions) {
    options.budget.register(this);
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs);
  }

  get oldestWallTime(): number | undefined {
    return this.buffer[0]?.wallTime;
  }

  get buffered(): number {
    return this.buffer.length;
  }

  add(point: MetricPoint): void {
    if (this.stopped) return;
    this.options.budget.reserve();
    this.buffer.push(point);
    if (this.buffer.length >= this.options.flushPoints) void this.flush();
  }

  dropOldest(n: number): number {
    return this.buffer.splice(0, n).length;
  }

  /** Sends what is buffered; resolves when the buffer is empty (or the batcher stopped). */
  flush(): Promise<void> {
    return this.pump.flush();
  }

  /** The last flush, at the end of a trial: resolves once every point is delivered or given up. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.pump.finish();
    this.options.budget.unregister(this);
  }

  private async sendAll(): Promise<void> {
    while (this.buffer.length > 0) {
      const batch = this.buffer.splice(0, MAX_POINTS_PER_REQUEST);
      try {
        const answer = await this.options.send(batch);
        this.options.budget.release(batch.length);
        if (answer.shouldPrune) this.options.onShouldPrune();
      } catch (error) {
        this.options.budget.release(batch.length);
        if (this.options.onError(error).fatal) {
          this.stopped = true;
          this.options.budget.release(this.buffer.length);
          this.buffer = [];
        }
      }
    }
  }
}
