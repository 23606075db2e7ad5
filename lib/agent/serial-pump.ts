/**
 * One drain of a buffer at a time, the way the agent's batchers send: a flush while a drain runs joins it
 * (so requests go out one by one, in order), and `finish` waits until the buffer is empty and nothing runs.
 */
export class SerialPump {
  private running?: Promise<void>;

  constructor(
    private readonly pending: () => boolean,
    private readonly drain: () => Promise<void>,
  ) {}

  get busy(): boolean {
    return this.running !== undefined;
  }

  flush(): Promise<void> {
    if (!this.running && this.pending()) this.running = this.drain().finally(() => (this.running = undefined));
    return this.running ?? Promise.resolve();
  }

  async finish(): Promise<void> {
    while (this.pending() || this.running) await this.flush();
  }
}
