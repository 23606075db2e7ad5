/** Keeps the last lines of a stream, bounded by count and bytes: what a failed trial's error shows. */
export class TailBuffer {
  private lines: string[] = [];
  private bytes = 0;

  constructor(
    private readonly maxLines: number,
    private readonly maxBytes: number,
  ) {}

  push(line: string): void {
    const clipped = line.length > this.maxBytes ? `…${line.slice(-this.maxBytes)}` : line;
    this.lines.push(clipped);
    this.bytes += clipped.length + 1;
    while (this.lines.length > this.maxLines || (this.bytes > this.maxBytes && this.lines.length > 1)) {
      this.bytes -= (this.lines.shift()?.length ?? 0) + 1;
    }
  }

  text(): string {
    return this.lines.join("\n");
  }
}
