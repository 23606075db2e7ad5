import { isLiteral, isPlainObject } from "../config-util";
import { own, setOwn } from "../own";
import type { ParamValue, Params } from "../types";

// Nested form for users' training code. "a.b" becomes {a: {b}}; a choice with sub-parameters becomes
// {optimizer: {value: "adam", lr: 0.001}} (its option segment is folded into the object), so scripts can read
// both the chosen option and its parameters from one place.

type Tree = Record<string, unknown>;

export function nestParams(params: Params): Record<string, unknown> {
  const paths = Object.keys(params).sort();
  const root: Tree = {};
  // Leaves that also have children (choices) are found first, so children can be folded under them.
  for (const path of paths) insert(root, path.split("."), own(params, path) ?? null, params, "");
  return root;
}

function insert(node: Tree, segments: string[], value: ParamValue, params: Params, prefix: string): void {
  const [head, ...rest] = segments;
  if (head === undefined) return;
  const here = prefix ? `${prefix}.${head}` : head;
  if (rest.length === 0) {
    const existing = own(node, head);
    if (isPlainObject(existing)) existing.value = value;
    else setOwn(node, head, value);
    return;
  }
  let child = own(node, head);
  if (!isPlainObject(child)) {
    child = child === undefined ? {} : { value: child };
    setOwn(node, head, child);
  }
  const tree = child as Tree;
  // Fold the option segment of a choice: optimizer.adam.lr -> optimizer: {value: "adam", lr}.
  const chosen = own(params, here);
  if (chosen !== undefined && rest.length > 1 && rest[0] === String(chosen)) {
    tree.value = chosen;
    insert(tree, rest.slice(1), value, params, `${here}.${rest[0]}`);
    return;
  }
  insert(tree, rest, value, params, here);
}

/** Inverse of nestParams: an object with a `value` key is a choice whose other keys are its option's parameters. */
export function flattenParams(nested: Record<string, unknown>): Params {
  const out: Params = {};
  walk(nested, "", out);
  return out;
}

function walk(node: Record<string, unknown>, prefix: string, out: Params): void {
  for (const [key, v] of Object.entries(node)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(v)) {
      if (Object.hasOwn(v, "value") && isLiteral(v.value)) {
        setOwn(out, path, v.value);
        const { value: chosen, ...rest } = v;
        walk(rest, `${path}.${String(chosen)}`, out);
      } else walk(v, path, out);
    } else setOwn(out, path, v as ParamValue);
  }
}
