// TFRecord framing, read incrementally from a file that is still being written. Each record is
//   uint64 length (little endian) | uint32 masked CRC-32C of those 8 bytes | data | uint32 masked CRC-32C of data.
// A record whose checksums fail is skipped with one warning; a length whose checksum fails cannot be trusted,
// so the reader moves on one byte at a time until a header checks again.
import { maskedCrc32c } from "./crc32c";

const HEADER = 12;
const FOOTER = 4;
/** No scalar event comes near this; a longer "length" is damage, not a record to wait for. */
const MAX_RECORD = 64 * 1024 * 1024;

export interface TfRecordChunk {
  records: Uint8Array[];
  /** One line per damaged stretch skipped in this chunk. */
  warnings: string[];
}

export class TfRecordReader {
  private pending = new Uint8Array(0);
  /** Bytes of the file consumed before `pending`: the offset warnings name. */
  private consumed = 0;
  private resyncing = false;

  /** Takes the file's next bytes; answers the whole records they complete. A partial record waits for more. */
  push(bytes: Uint8Array): TfRecordChunk {
    const buffer = new Uint8Array(this.pending.length + bytes.length);
    buffer.set(this.pending, 0);
    buffer.set(bytes, this.pending.length);
    const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    const out: TfRecordChunk = { records: [], warnings: [] };
    let at = 0;
    while (buffer.length - at >= HEADER) {
      const lengthBytes = buffer.subarray(at, at + 8);
      const length = Number(view.getBigUint64(at, true));
      if (maskedCrc32c(lengthBytes) !== view.getUint32(at + 8, true) || length > MAX_RECORD) {
        if (!this.resyncing) out.warnings.push(`damaged record header at byte ${this.consumed + at}: skipping to the next valid record`);
        this.resyncing = true;
        at += 1;
        continue;
      }
      if (buffer.length - at < HEADER + length + FOOTER) break;
      const data = buffer.subarray(at + HEADER, at + HEADER + length);
      const ok = maskedCrc32c(data) === view.getUint32(at + HEADER + length, true);
      if (ok) out.records.push(data.slice());
      else out.warnings.push(`record at byte ${this.consumed + at} failed its checksum: skipped`);
      this.resyncing = false;
      at += HEADER + length + FOOTER;
    }
    this.pending = buffer.slice(at);
    this.consumed += at;
    return out;
  }
}
