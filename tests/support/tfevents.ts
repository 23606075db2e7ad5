// A TensorBoard event-file writer built from the formats' specifications (TFRecord framing; tensorflow.Event,
// Summary and TensorProto from event.proto, summary.proto and tensor.proto), so the agent's reader is tested
// against bytes it did not write itself.
import { maskedCrc32c } from "@/lib/agent/crc32c";

function varint(value: bigint | number): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
  return out;
}

const key = (field: number, wire: number) => varint((field << 3) | wire);
const bytesField = (field: number, data: Uint8Array | number[]) => [...key(field, 2), ...varint(data.length), ...data];
const text = (s: string) => [...new TextEncoder().encode(s)];

function f64(v: number): number[] {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, v, true);
  return [...b];
}
function f32(v: number): number[] {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, v, true);
  return [...b];
}

export type Scalar =
  | { tag: string; simple: number }
  | { tag: string; tensor: { dtype: "float" | "double"; value: number; via: "content" | "val" }; plugin?: string; dataClass?: number };

function value(s: Scalar): number[] {
  if ("simple" in s) return [...bytesField(1, text(s.tag)), ...key(2, 5), ...f32(s.simple)];
  const { dtype, value: v, via } = s.tensor;
  const dt = dtype === "float" ? 1 : 2;
  const shape = bytesField(2, []); // TensorShapeProto with no dims: rank 0
  const payload = via === "content" ? bytesField(4, dtype === "float" ? f32(v) : f64(v)) : bytesField(dtype === "float" ? 5 : 6, dtype === "float" ? f32(v) : f64(v));
  const tensor = [...key(1, 0), ...varint(dt), ...shape, ...payload];
  const pluginData = bytesField(1, text(s.plugin ?? "scalars"));
  const metadata = [...bytesField(1, pluginData), ...(s.dataClass === undefined ? [] : [...key(4, 0), ...varint(s.dataClass)])];
  return [...bytesField(1, text(s.tag)), ...bytesField(8, tensor), ...bytesField(9, metadata)];
}

export function eventBytes(e: { wallTime: number; step?: number; scalars?: Scalar[]; fileVersion?: string }): Uint8Array {
  const out = [...key(1, 1), ...f64(e.wallTime)];
  if (e.step !== undefined) out.push(...key(2, 0), ...varint(e.step));
  if (e.fileVersion) out.push(...bytesField(3, text(e.fileVersion)));
  if (e.scalars) out.push(...bytesField(5, e.scalars.flatMap((s) => bytesField(1, value(s)))));
  return new Uint8Array(out);
}

export function record(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
