import { SerialPump } from "./serial-pump";
import { MAX_LINES_PER_BATCH, MAX_OUTPUT_BYTES, truncateLine, utf8Bytes, type OutputStream } from "../shared/trial-output";

export interface OutputLine {
  stream: OutputStream;
  text: string;
  /** ISO time the agent read the line. */
  at: string;
}

/** What replaces a secret in the command line and the output the server stores. */
export const MASK = "***";
/** Shorter values are not masked: masking "1" or "ab" would garble every line. */
const MIN_SECRET_LENGTH = 4;

/** `text` with every occurrence of each secret (the API token, SWEEPBOARD_TOKEN's value) replaced by ***. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= MIN_SECRET_LENGTH && out.includes(secret)) out = out.split(secret).join(MASK);
  return out;
}

/** The secrets worth masking, longest first (so a token that contains another is masked whole), once each. */
export function secretsOf(values: ReadonlyArray<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined && v.length >= MIN_SECRET_LENGTH))].sort((a, b) => b.length - a.length);
}

/** A request body well within the server's 1 MiB limit, whatever the lines hold. */
const MAX_BATCH_BYTES = 512 * 1024;

export interface OutputBatcherOptions {
  /** Sends one numbered batch (POST /trials/{id}/output). */
  send: (batch: number, lines: OutputLine[]) => Promise<unknown>;
  flushIntervalMs: number;
  flushLines: number;
  secrets: readonly string[];
  /** Once, at the first send that failed: output is a convenience and never fails the trial. */
  warn: (message: string) => void;
  now?: () => Date;
}

/**
 * Collects a trial's stdout and stderr lines (secrets masked, long lines cut) and sends them in numbered
 * batches every flushIntervalMs or flushLines lines, one request at a time so they arrive in order. A batch
 * that fails is dropped with one warning; while the server is away at most the last 1 MiB waits here, as the
 * server would keep no more.
 */
export class OutputBatcher {
  private buffer: OutputLine[] = [];
  private bufferedBytes = 0;
  private nextBatch = 1;
  private readonly pump = new SerialPump(() => this.buffer.length > 0, () => this.sendAll());
  private warned = false;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly now: () => Date;

  constructor(private readonly options: OutputBatcherOptions) {
    this.now = options.now ?? (() => new Date());
    this.timer = setInterval(() => void this.flush(), options.flushIntervalMs);
  }

  get buffered(): number {
    return this.buffer.length;
  }

  add(stream: OutputStream, text: string): void {
    const line = { stream, text: truncateLine(maskSecrets(text, this.options.secrets)).text, at: this.now().toISOString() };
    this.buffer.push(line);
    this.bufferedBytes += utf8Bytes(line.text);
    while (this.bufferedBytes > MAX_OUTPUT_BYTES && this.buffer.length > 1) this.bufferedBytes -= utf8Bytes(this.buffer.shift()!.text);
    if (this.buffer.length >= this.options.flushLines) void this.flush();
  }

  /** Sends what is buffered; resolves when the buffer is empty. */
  flush(): Promise<void> {
    return this.pump.flush();
  }

  /** The last flush, as the command exits and before the outcome is told. */
  close(): Promise<void> {
    clearInterval(this.timer);
    return this.pump.finish();
  }

  /** Stops the timer without sending (the run ended some other way). */
  dispose(): void {
    clearInterval(this.timer);
  }

  private take(): OutputLine[] {
    const max = Math.min(this.options.flushLines, MAX_LINES_PER_BATCH);
    let bytes = 0;
    let n = 0;
    while (n < this.buffer.length && n < max) {
      const size = utf8Bytes(this.buffer[n]!.text) + 64; // the JSON around a line
      if (n > 0 && bytes + size > MAX_BATCH_BYTES) break;
      bytes += size;
      n++;
    }
    const lines = this.buffer.splice(0, n);
    for (const l of lines) this.bufferedBytes -= utf8Bytes(l.text);
    return lines;
  }

  private async sendAll(): Promise<void> {
    while (this.buffer.length > 0) {
      const lines = this.take();
      const batch = this.nextBatch++;
      try {
        await this.options.send(batch, lines);
      } catch (error) {
        if (!this.warned) {
          this.warned = true;
          this.options.warn(`sending the trial's output failed (the trial goes on; later lines may be missing on its page): ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
  }
}
