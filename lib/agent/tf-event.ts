// The scalars in a TensorBoard event (tensorflow.Event, from tensorflow/core/util/event.proto and
// framework/summary.proto), decoded from the protobuf wire format with no generated code:
//   Event:   1 wall_time double, 2 step int64, 5 summary Summary (others ignored)
//   Summary: 1 value repeated Summary.Value
//   Value:   1 tag string, 2 simple_value float (old style), 8 tensor TensorProto, 9 metadata SummaryMetadata
//   TensorProto: 1 dtype, 2 tensor_shape, 4 tensor_content bytes, 5 float_val, 6 double_val, 7 int_val, 10 int64_val
//   SummaryMetadata: 1 plugin_data { 1 plugin_name string }, 4 data_class (1 = scalar)
// New-style scalars (the scalars plugin, TF2 and Keras) are rank-0 tensors of a float or integer type.

export interface ScalarValue {
  tag: string;
  value: number;
}

export interface DecodedEvent {
  wallTime: number;
  step: number;
  scalars: ScalarValue[];
}

export class ProtobufError extends Error {
  override name = "ProtobufError";
}

const DT_FLOAT = 1;
const DT_DOUBLE = 2;
const DT_INT32 = 3;
const DT_INT64 = 9;
const DT_HALF = 19;

class Reader {
  private at = 0;
  private readonly view: DataView;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get done(): boolean {
    return this.at >= this.bytes.length;
  }
  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.at >= this.bytes.length) throw new ProtobufError("truncated varint");
      const b = this.bytes[this.at++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
    }
    throw new ProtobufError("varint longer than 10 bytes");
  }
  take(n: number): Uint8Array {
    if (n < 0 || this.at + n > this.bytes.length) throw new ProtobufError("field runs past the end of its message");
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  double(): number {
    const v = this.view.getFloat64(this.take(8).byteOffset - this.bytes.byteOffset, true);
    return v;
  }
  float(): number {
    return this.view.getFloat32(this.take(4).byteOffset - this.bytes.byteOffset, true);
  }
  /** Yields [field number, wire type] and leaves the reader at the field's value. */
  *fields(): Generator<[number, number]> {
    while (!this.done) {
      const key = this.varint();
      yield [Number(key >> 3n), Number(key & 7n)];
    }
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.take(8);
    else if (wire === 2) this.take(Number(this.varint()));
    else if (wire === 5) this.take(4);
    else throw new ProtobufError(`unsupported wire type ${wire}`);
  }
  bytesField(): Uint8Array {
    return this.take(Number(this.varint()));
  }
}

const int64 = (v: bigint) => Number(BigInt.asIntN(64, v));

function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** A rank-0 tensor's value, or null when the tensor is not one scalar of a numeric type. */
function tensorScalar(bytes: Uint8Array): number | null {
  const r = new Reader(bytes);
  let dtype = 0;
  let rank = 0;
  let content: Uint8Array | null = null;
  const values: number[] = [];
  for (const [field, wire] of r.fields()) {
    if (field === 1 && wire === 0) dtype = Number(r.varint());
    else if (field === 2 && wire === 2) {
      const shape = new Reader(r.bytesField());
      for (const [f, w] of shape.fields()) {
        if (f === 2 && w === 2) {
          rank++;
          shape.bytesField();
        } else shape.skip(w);
      }
    } else if (field === 4 && wire === 2) content = r.bytesField();
    else if (field === 5 && wire === 2) {
      const packed = new Reader(r.bytesField());
      while (!packed.done) values.push(packed.float());
    } else if (field === 5 && wire === 5) values.push(r.float());
    else if (field === 6 && wire === 2) {
      const packed = new Reader(r.bytesField());
      while (!packed.done) values.push(packed.double());
    } else if (field === 6 && wire === 1) values.push(r.double());
    else if ((field === 7 || field === 10 || field === 13) && wire === 2) {
      const packed = new Reader(r.bytesField());
      while (!packed.done) {
        const v = packed.varint();
        values.push(field === 13 ? halfToNumber(Number(v)) : int64(v));
      }
    } else if ((field === 7 || field === 10 || field === 13) && wire === 0) {
      const v = r.varint();
      values.push(field === 13 ? halfToNumber(Number(v)) : int64(v));
    } else r.skip(wire);
  }
  if (rank !== 0) return null;
  if (content && content.length > 0) {
    const view = new DataView(content.buffer, content.byteOffset, content.byteLength);
    if (dtype === DT_FLOAT && content.length === 4) return view.getFloat32(0, true);
    if (dtype === DT_DOUBLE && content.length === 8) return view.getFloat64(0, true);
    if (dtype === DT_INT32 && content.length === 4) return view.getInt32(0, true);
    if (dtype === DT_INT64 && content.length === 8) return Number(view.getBigInt64(0, true));
    if (dtype === DT_HALF && content.length === 2) return halfToNumber(view.getUint16(0, true));
    return null;
  }
  if (![DT_FLOAT, DT_DOUBLE, DT_INT32, DT_INT64, DT_HALF].includes(dtype)) return null;
  return values.length === 1 ? values[0]! : null;
}

/** Whether a value's metadata says it is something other than a scalar (an image, a histogram as a tensor...). */
function notScalar(metadata: Uint8Array): boolean {
  const r = new Reader(metadata);
  let plugin = "";
  let dataClass = 0;
  for (const [field, wire] of r.fields()) {
    if (field === 1 && wire === 2) {
      const pd = new Reader(r.bytesField());
      for (const [f, w] of pd.fields()) {
        if (f === 1 && w === 2) plugin = new TextDecoder().decode(pd.bytesField());
        else pd.skip(w);
      }
    } else if (field === 4 && wire === 0) dataClass = Number(r.varint());
    else r.skip(wire);
  }
  if (dataClass !== 0) return dataClass !== 1;
  return plugin !== "" && plugin !== "scalars";
}

function summaryValue(bytes: Uint8Array): ScalarValue | null {
  const r = new Reader(bytes);
  let tag = "";
  let simple: number | null = null;
  let tensor: Uint8Array | null = null;
  let metadata: Uint8Array | null = null;
  for (const [field, wire] of r.fields()) {
    if (field === 1 && wire === 2) tag = new TextDecoder().decode(r.bytesField());
    else if (field === 2 && wire === 5) simple = r.float();
    else if (field === 8 && wire === 2) tensor = r.bytesField();
    else if (field === 9 && wire === 2) metadata = r.bytesField();
    else r.skip(wire);
  }
  if (tag === "") return null;
  if (simple !== null) return { tag, value: simple };
  if (tensor && !(metadata && notScalar(metadata))) {
    const value = tensorScalar(tensor);
    return value === null ? null : { tag, value };
  }
  return null;
}

/** Decodes one event record. Throws ProtobufError when the bytes are not a well-formed message. */
export function decodeEvent(bytes: Uint8Array): DecodedEvent {
  const r = new Reader(bytes);
  const event: DecodedEvent = { wallTime: 0, step: 0, scalars: [] };
  for (const [field, wire] of r.fields()) {
    if (field === 1 && wire === 1) event.wallTime = r.double();
    else if (field === 2 && wire === 0) event.step = int64(r.varint());
    else if (field === 5 && wire === 2) {
      const summary = new Reader(r.bytesField());
      for (const [f, w] of summary.fields()) {
        if (f === 1 && w === 2) {
          const value = summaryValue(summary.bytesField());
          if (value) event.scalars.push(value);
        } else summary.skip(w);
      }
    } else r.skip(wire);
  }
  return event;
}
