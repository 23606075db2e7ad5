import { AppError } from "./errors";
import { assertJsonTextDepth, assertSafeJson } from "./json-safety";

export const MAX_BODY_BYTES = 1024 * 1024;

const UTF8 = new TextDecoder("utf-8", { fatal: true });

const NON_FINITE = "\u0000sweepboard:nonfinite:";

/**
 * The one parser of request bodies: refuses nesting deeper than MAX_JSON_DEPTH before parsing (400)
 * and lone surrogates after (422), then hands the value to validation. Also accepts the bare NaN /
 * Infinity / -Infinity tokens that Python's json module writes by default, so a diverged run's NaN
 * reaches validation (and a clear message) instead of failing as unreadable JSON.
 */
export function parseJson(input: string): unknown {
  // A leading byte order mark (PowerShell's Out-File writes one) is not part of the JSON (RFC 8259 8.1).
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  assertJsonTextDepth(text);
  const value = parseJsonText(text);
  assertSafeJson(value);
  return value;
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (first) {
    let replaced = false;
    const patched = text.replace(/"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)\b/g, (match, token: string | undefined) => {
      if (!token) return match;
      replaced = true;
      return JSON.stringify(NON_FINITE + token);
    });
    if (replaced) {
      try {
        return JSON.parse(patched, (_key, value: unknown) => {
          if (typeof value === "string" && value.startsWith(NON_FINITE)) return Number(value.slice(NON_FINITE.length));
          return value;
        });
      } catch {
        // fall through to the original error
      }
    }
    const detail = first instanceof Error ? first.message : String(first);
    throw new AppError("invalid_json", `request body is not valid JSON: ${detail}`);
  }
}

/**
 * How much of a refused body is still read (and thrown away) before answering, so that a client that sends
 * a whole body before reading the answer gets its 413 instead of a reset connection; past this, or past
 * DRAIN_MS, the connection is given up.
 */
const DRAIN_BYTES = 32 * 1024 * 1024;
const DRAIN_MS = 5_000;

async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
  const until = Date.now() + DRAIN_MS;
  let read = 0;
  try {
    while (read < DRAIN_BYTES && Date.now() < until) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away: nothing to answer.
  }
}

/** Reads a request body, refusing more than `limit` bytes whatever Content-Length claims. */
export async function readBodyText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const tooLarge = () => new AppError("payload_too_large", `request body is larger than ${limit} bytes`);
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > limit) {
    if (req.body) await drain(req.body.getReader());
    throw tooLarge();
  }
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await drain(reader);
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    // Fatal: a body that is not UTF-8 (RFC 8259 requires it) is refused, not stored with U+FFFD in it.
    return UTF8.decode(Buffer.concat(chunks));
  } catch {
    throw new AppError("invalid_json", "request body is not valid UTF-8; send JSON encoded as UTF-8");
  }
}

export async function readJsonBody(req: Request, limit = MAX_BODY_BYTES): Promise<unknown> {
  const text = await readBodyText(req, limit);
  if (text.trim() === "") throw new AppError("invalid_json", "request body is empty; expected a JSON object");
  return parseJson(text);
}
