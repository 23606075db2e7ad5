import "server-only";
import { databaseKey } from "@/lib/db/client";

/**
 * A small least-recently-used map for per-experiment results that are slow to compute. Keys carry the
 * database, so one process serving (or testing) several databases never mixes their experiments, and the
 * size bound keeps a long-lived server's memory flat however many sweeps it has served. Callers store only
 * what another process cannot change, or validate entries against a cheap freshness check.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly max: number) {}

  private key(experimentId: number, extra: string): string {
    return `${databaseKey()}\u0000${experimentId}\u0000${extra}`;
  }

  get(experimentId: number, extra = ""): V | undefined {
    const key = this.key(experimentId, extra);
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  delete(experimentId: number, extra = ""): void {
    this.entries.delete(this.key(experimentId, extra));
  }

  set(experimentId: number, value: V, extra = ""): void {
    const key = this.key(experimentId, extra);
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
  }
}
