// Seeded generators of hostile input for the fuzz test: the same seed gives the same requests.

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  /** mulberry32 */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** `n` distinct items in a seeded order (all of them when n >= length). */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, n);
  }
  /** Picks by weight: [[weight, value], ...]. */
  weighted<T>(items: ReadonlyArray<readonly [number, T]>): T {
    const total = items.reduce((a, [w]) => a + w, 0);
    let r = this.next() * total;
    for (const [w, v] of items) {
      r -= w;
      if (r < 0) return v;
    }
    return items[items.length - 1]![1];
  }
}

export const EDGE_NUMBERS = [0, -0, 1, -1, 2, 0.5, 1e308, -1e308, 5e-324, -5e-324, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 2 ** 31, 2 ** 31 - 1, 2 ** 32, 1e15, -1e15, 1e-300, 1e21, 0.1, 3, 7, 100, 10_000, 10_001, 1_000_000, 3_000_000, 1.5, Number.EPSILON];

/** JSON number tokens JSON.stringify cannot write: Python's NaN / Infinity, overflow, odd spellings. */
export const NUMBER_TOKENS = ["NaN", "Infinity", "-Infinity", "1e309", "-1e309", "-0", "0e0", "1E400", "00", "01", "1.", ".5", "+1", "0x10", "1e-400", "123456789012345678901234567890"];

const UNICODE = ["é", "中文", "🙂", "\u202e", "\u200b", "\ufeff", "\ud800", "\udfff", "\u0000", "\u0007", "\u001b[31m", "\r\n", "\t", "\\", '"', "'", "<", ">", "&", "%", "%00", "${x}", "$K1", "$@0", "$$", "../", "..\\", "\u2028", "𝕏", "ﷺ", "\uffff", "a\u0301"];
const WORDS = ["lr", "x", "loss", "val_loss", "__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "id", "name", "type", "values", "params", "step", "value", "null", "true", "undefined", "NaN", "DROP TABLE", "' OR 1=1 --", "<script>alert(1)</script>", "=cmd|' /C calc'!A0", "+1", "@SUM(1)", "a.b", "a..b", ".", "", " ", "choice", "tpe", "grid"];

export function randomNumber(rng: Rng): number {
  return rng.weighted<() => number>([
    [4, () => rng.pick(EDGE_NUMBERS)],
    [3, () => rng.int(-5, 50)],
    [2, () => (rng.next() - 0.5) * 10 ** rng.int(-10, 20)],
    [1, () => rng.int(0, 2 ** 31)],
  ])();
}

export function randomString(rng: Rng, maxLen = 40): string {
  return rng.weighted<() => string>([
    [4, () => rng.pick(WORDS)],
    [3, () => Array.from({ length: rng.int(1, 6) }, () => rng.pick([...UNICODE, ...WORDS])).join("")],
    [2, () => Array.from({ length: rng.int(0, maxLen) }, () => String.fromCharCode(rng.int(0, 0xffff))).join("")],
    [1, () => rng.pick(WORDS).repeat(rng.int(50, 5_000))],
  ])();
}

/** Any JSON value, biased to small shapes with hostile leaves. */
export function randomJson(rng: Rng, depth = 0): unknown {
  const leaf = depth > 3 || rng.chance(0.45);
  if (leaf) {
    return rng.weighted<() => unknown>([
      [3, () => randomNumber(rng)],
      [3, () => randomString(rng)],
      [1, () => rng.chance(0.5)],
      [1, () => null],
    ])();
  }
  if (rng.chance(0.5)) return Array.from({ length: rng.int(0, 5) }, () => randomJson(rng, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = rng.int(0, 5); i > 0; i--) out[randomString(rng, 12)] = randomJson(rng, depth + 1);
  return out;
}

/** Replaces, removes or adds one field somewhere in a valid value: the shapes validation must catch. */
export function mutate(rng: Rng, value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== "object" || depth > 4 || rng.chance(0.2)) return rng.chance(0.5) ? randomJson(rng, 2) : rng.pick([null, -1, 1e308, NaN, "", [], {}, "x".repeat(300), 5e-324, -0, true]);
  if (Array.isArray(value)) {
    const copy = [...value];
    if (copy.length === 0 || rng.chance(0.2)) copy.push(randomJson(rng, 2));
    else {
      const i = rng.int(0, copy.length - 1);
      if (rng.chance(0.15)) copy.splice(i, 1);
      else copy[i] = mutate(rng, copy[i], depth + 1);
    }
    return copy;
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0 || rng.chance(0.15)) copy[rng.pick(WORDS)] = randomJson(rng, 2);
  else {
    const k = rng.pick(keys);
    if (rng.chance(0.15)) delete copy[k];
    else copy[k] = mutate(rng, copy[k], depth + 1);
  }
  return copy;
}

/** JSON text that JSON.stringify would not write: NaN tokens, truncation, duplicate keys, junk. */
export function randomBodyText(rng: Rng, valid: unknown): string {
  const text = JSON.stringify(valid) ?? "null";
  return rng.weighted<() => string>([
    [3, () => text.slice(0, rng.int(0, Math.max(0, text.length - 1)))],
    [2, () => text.replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/i, rng.pick(NUMBER_TOKENS))],
    [2, () => JSON.stringify(randomJson(rng)) ?? "null"],
    [1, () => randomString(rng, 200)],
    [1, () => `${text}${text}`],
    [1, () => text.replace(/^\{/, '{"__proto__": {"polluted": 1}, ')],
    [1, () => text.replace(/^\{/, `{"a": 1, "a": 2, `)],
    [1, () => "\ufeff" + text],
    [1, () => nested(rng.int(100, 5_000), rng.chance(0.5) ? "[" : '{"a":')],
  ])();
}

/** `depth` levels of JSON nesting, as text (JSON.stringify would recurse to build it). */
export function nested(depth: number, open: "[" | '{"a":' = "["): string {
  const close = open === "[" ? "]" : "}";
  return `${open.repeat(depth)}1${close.repeat(depth)}`;
}

/** A header value Node will send: latin-1, no control characters but tab, and short of Node's 16 KiB header limit. */
export function headerSafe(s: string): string {
  return s.replace(/[^\t\x20-\x7e\x80-\xff]/g, "?").slice(0, 3_000);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** encodeURIComponent that writes a lone surrogate as its (invalid) WTF-8 bytes instead of throwing. */
export function pctEncode(s: string): string {
  return s
    .split(LONE_SURROGATE)
    .map((part) => encodeURIComponent(part))
    .join("%ED%A0%80");
}

/** A query string of random keys and values, percent-encoded or raw (a lone `%` reaches the server). */
export function randomQuery(rng: Rng, keys: readonly string[]): string {
  const parts: string[] = [];
  for (let i = rng.int(1, 4); i > 0; i--) {
    const key = rng.chance(0.7) && keys.length ? rng.pick(keys) : randomString(rng, 8);
    // Raw values are sent as they are (a lone `%` must reach the server); the rest are encoded.
    const raw = rng.chance(0.3);
    const value = raw ? rng.pick(["%", "%25", "%zz", "%ff", "%00", "", "-1", "1e309", "NaN", "0x1", "1,2,,3", "%E0%A4%A", "..%2f..%2f"]) : pctEncode(String(rng.chance(0.5) ? randomNumber(rng) : randomString(rng, 30)));
    // Capped: a URL over Node's 16 KiB header limit only tests Node (431 and a reset socket).
    parts.push(`${pctEncode(key).slice(0, 200)}=${value.slice(0, 1_500)}`);
  }
  return parts.join("&");
}
