import type { RawRequest, RawResponse } from "./http-probe";

// The server-action wire format, as the browser's React client sends it: POST to a page path with
// `Next-Action: <id>` and the arguments encoded as a JSON array (text/plain), or as multipart form
// data when an argument is a FormData. The answer is a React Flight stream whose row 0 names the row
// holding the action's return value.

export interface ActionOutcome {
  /** The action's return value, when it returned one. */
  value?: unknown;
  /** The action threw (the Flight row is an error row). */
  threw?: boolean;
}

/** A FormData argument: encoded as `$K<n in hex>` plus form fields named `_<n>_<field>`, like React's encodeReply. */
export class FormArg {
  constructor(readonly fields: Record<string, string>) {}
}

export function actionRequest(actionId: string, pagePath: string, args: unknown[], headers: Record<string, string> = {}): RawRequest {
  const forms: Array<[number, FormArg]> = [];
  const encoded = args.map((a) => {
    if (!(a instanceof FormArg)) return a;
    const n = forms.length + 1;
    forms.push([n, a]);
    return `$K${n.toString(16)}`;
  });
  const base = { accept: "text/x-component", "next-action": actionId, ...headers };
  if (forms.length === 0) {
    return { method: "POST", path: pagePath, headers: { "content-type": "text/plain;charset=UTF-8", ...base }, body: JSON.stringify(encoded) };
  }
  const boundary = "----sweepboardTestBoundary7MA4YWxkTrZu0gW";
  const parts: Array<[string, string]> = [];
  for (const [n, form] of forms) for (const [k, v] of Object.entries(form.fields)) parts.push([`_${n}_${k}`, v]);
  parts.push(["0", JSON.stringify(encoded)]);
  const body = parts.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`).join("") + `--${boundary}--\r\n`;
  return { method: "POST", path: pagePath, headers: { "content-type": `multipart/form-data; boundary=${boundary}`, ...base }, body };
}

/** Reads the action's return value out of a Flight response; undefined when there is none. */
export function parseActionOutcome(res: RawResponse): ActionOutcome | undefined {
  if (!String(res.headers["content-type"] ?? "").includes("text/x-component")) return undefined;
  const rows = new Map<string, string>();
  for (const line of res.body.split("\n")) {
    const m = /^([0-9a-f]+):(.*)$/.exec(line);
    if (m && !rows.has(m[1]!)) rows.set(m[1]!, m[2]!);
  }
  let head: { a?: unknown };
  try {
    head = JSON.parse(rows.get("0") ?? "null") ?? {};
  } catch {
    return undefined;
  }
  if (typeof head.a !== "string" || !head.a.startsWith("$@")) return undefined;
  const row = rows.get(head.a.slice(2));
  if (row === undefined) return undefined;
  if (row.startsWith("E")) return { threw: true };
  try {
    return { value: JSON.parse(row) };
  } catch {
    return undefined;
  }
}

/** True when the action ran and answered `{ ok: true, ... }` (the app's ActionResult). */
export function actionSucceeded(res: RawResponse): boolean {
  const v = parseActionOutcome(res)?.value as { ok?: unknown } | null | undefined;
  return typeof v === "object" && v !== null && v.ok === true;
}
