import { AppError, formatPath } from "./errors";

// ES2024 string methods, in Node since 20.0; tsconfig's lib stops at ES2023.
declare global {
  interface String {
    isWellFormed(): boolean;
    toWellFormed(): string;
  }
}

/**
 * How deep arrays and objects may nest in anything a client sends (the top-level object is level 1).
 * A search space whose choices nest 10 deep is about 45 levels (each choice level costs four: the
 * parameter, its options, one option and its params), so 64 leaves room. Deeper input used to answer
 * 500s: 5,000 levels overflow the stack in the validators and JSON.stringify, and Prisma's query
 * engine refuses JSON values past about 128 levels ("recursion limit exceeded").
 */
export const MAX_JSON_DEPTH = 64;

export interface SafeJsonOptions {
  /** Names the value in messages: "request body" (the default), "space". */
  what?: string;
  /** Prefixed to every path, e.g. "space" for a space given as text. */
  prefix?: string;
  /** The code of a too-deep answer: bad_request (400) for a whole body, validation_error (422) for a field. */
  depthCode?: "bad_request" | "validation_error";
}

function tooDeep(opts: SafeJsonOptions, path?: string): AppError {
  const subject = path ? `${path}:` : (opts.what ?? "request body");
  const message = `${subject} nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep; at most ${MAX_JSON_DEPTH} are allowed`;
  return new AppError(opts.depthCode ?? "bad_request", message, { path });
}

/**
 * Refuses JSON text nested deeper than MAX_JSON_DEPTH, before JSON.parse: one linear scan that counts
 * brackets outside strings, so no input can overflow a stack (JSON.parse with a reviver recurses).
 */
export function assertJsonTextDepth(text: string, opts: SafeJsonOptions = {}): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > MAX_JSON_DEPTH) throw tooDeep(opts, opts.prefix);
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  if (value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return true;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function lonePath(path: ReadonlyArray<PropertyKey>): string {
  // The offending key itself is shown with its lone surrogate replaced, so the answer is well-formed.
  return formatPath(path.map((p) => (typeof p === "string" ? p.toWellFormed() : p)));
}

interface Frame {
  value: unknown;
  key: PropertyKey | null;
  parent: Frame | null;
  depth: number;
}

/** The path of a frame, built only when it is reported: the walk itself keeps parent links, no arrays. */
function pathOf(frame: Frame, base: PropertyKey[]): PropertyKey[] {
  const keys: PropertyKey[] = [];
  for (let f: Frame | null = frame; f && f.key !== null; f = f.parent) keys.push(f.key);
  return [...base, ...keys.reverse()];
}

/**
 * One iterative walk over a parsed value (a JSON body, a server action's input, a YAML space): nesting
 * at most MAX_JSON_DEPTH, and every string and object key well-formed UTF-16. A lone surrogate
 * (`"\ud800"` escaped in JSON) cannot be encoded as UTF-8: Prisma refuses it with an error (a 500)
 * and better-sqlite3 silently stores U+FFFD instead, so it is refused here with its path (422).
 * A "__proto__" key is an ordinary key (a parameter may be named so): JSON.parse makes it an own property,
 * the schemas keep it where keys are user names (ownRecord) and name it as unknown where they are not.
 * Only arrays and plain objects are entered; other values are left to the schemas.
 */
export function assertSafeJson(value: unknown, opts: SafeJsonOptions = {}): void {
  const base: PropertyKey[] = opts.prefix ? [opts.prefix] : [];
  const stack: Frame[] = [{ value, key: null, parent: null, depth: 0 }];
  const lone = (path: string, what: string) =>
    new AppError("validation_error", `${path ? `${path}: ` : ""}${what} a lone UTF-16 surrogate (an unpaired \\ud800-\\udfff escape); send well-formed Unicode text`, { path: path || undefined });
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const node = frame.value;
    if (typeof node === "string") {
      if (!node.isWellFormed()) throw lone(lonePath(pathOf(frame, base)), "contains");
      continue;
    }
    if (!isContainer(node)) continue;
    const depth = frame.depth + 1;
    // Named by the top-level field it is under: the full path would be 64 segments long.
    if (depth > MAX_JSON_DEPTH) throw tooDeep(opts, lonePath(pathOf(frame, base).slice(0, base.length + 1)) || undefined);
    // Pushed in reverse so that the first problem in document order is the one reported.
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push({ value: node[i], key: i, parent: frame, depth });
      continue;
    }
    const keys = Object.keys(node);
    for (const key of keys) {
      if (!key.isWellFormed()) throw lone(lonePath([...pathOf(frame, base), key]), "this key contains");
    }
    for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: node[keys[i]!], key: keys[i]!, parent: frame, depth });
  }
}
