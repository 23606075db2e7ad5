// Small shared helpers of the dashboard benchmark: arguments, statistics, formatting, machine info,
// and a raw HTTP client that reports wire bytes, content-encoding and time to first byte.

import { execFileSync } from "node:child_process";
import http from "node:http";
import os from "node:os";
import zlib from "node:zlib";

export function flag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}

export function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && i + 1 < process.argv.length) return process.argv[i + 1];
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

export function numberOption(name: string, fallback: number): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got "${raw}"`);
  return n;
}

export function median(xs: ReadonlyArray<number | null | undefined>): number | null {
  const v = xs.filter((x): x is number => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? (v[m] as number) : ((v[m - 1] as number) + (v[m] as number)) / 2;
}

export function ms(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  return n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${Math.round(n)} ms`;
}

export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "—";
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(n >= 100 * 1024 * 1024 ? 0 : 1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n >= 100 * 1024 ? 0 : 1)} kB`;
  return `${n} B`;
}

export function int(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** Fixed-width text table; the first row is the header. */
export function table(rows: string[][], rightAlign: (col: number) => boolean = (c) => c > 0): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  const line = (r: string[]) => r.map((cell, c) => (rightAlign(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join("  ").trimEnd();
  return [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)].join("\n");
}

export function machineInfo(): Record<string, string> {
  const cpus = os.cpus();
  let chromium = "unknown";
  try {
    chromium = execFileSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    // reported from the browser itself later
  }
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: String(cpus.length),
    ram: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    chromiumCli: chromium,
    loadBefore: os.loadavg().map((l) => l.toFixed(2)).join(" "),
  };
}

export interface RawResponse {
  status: number;
  /** Time to the response headers (the server's work, on loopback). */
  ttfbMs: number;
  totalMs: number;
  encoding: string;
  wireBytes: number;
  bytes: number;
  /** gzip -6 of the body, for responses the server sent uncompressed. */
  gzipBytes: number;
  body: Buffer;
}

/** GET with the Accept-Encoding a browser sends; the body is decoded here so sizes on the wire and in memory are both known. */
export function rawGet(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get(url, { headers: { "accept-encoding": "gzip, deflate, br", ...headers }, agent: false }, (res) => {
      const ttfbMs = performance.now() - t0;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const totalMs = performance.now() - t0;
        const wire = Buffer.concat(chunks);
        const encoding = String(res.headers["content-encoding"] ?? "identity");
        let body = wire;
        if (encoding === "gzip") body = zlib.gunzipSync(wire);
        else if (encoding === "br") body = zlib.brotliDecompressSync(wire);
        else if (encoding === "deflate") body = zlib.inflateSync(wire);
        const gzipBytes = encoding === "identity" ? zlib.gzipSync(body, { level: 6 }).length : wire.length;
        resolve({ status: res.statusCode ?? 0, ttfbMs, totalMs, encoding, wireBytes: wire.length, bytes: body.length, gzipBytes, body });
      });
    });
    req.on("error", reject);
  });
}
