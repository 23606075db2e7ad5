import { crc32, deflateRawSync } from "node:zlib";

// A small writer of ZIP archives (PKWARE APPNOTE 6.3: local headers, central directory, end record), enough
// for what the server serves as a download, such as the Python client's wheel. No ZIP64: an archive past
// 4 GiB or 65535 entries is refused. Entries are deflated unless that makes them larger, then stored.

export interface ZipEntry {
  /** The path inside the archive, "/"-separated, no leading "/". */
  name: string;
  data: Uint8Array;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const VERSION = 20; // 2.0: deflate and folders
const MADE_BY_UNIX = (3 << 8) | VERSION;
const UTF8_NAMES = 0x0800;
const STORED = 0;
const DEFLATED = 8;
const FILE_MODE = 0o100644;
// 1980-01-01 00:00, the earliest MS-DOS date: fixed, so the same files always give the same bytes (and hash).
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const MAX_U32 = 0xffffffff;

/** The archive holding `entries` in this order; throws on a name that is empty, absolute or repeated. */
export function zipArchive(entries: readonly ZipEntry[]): Buffer {
  if (entries.length > 0xffff) throw new Error(`a zip holds at most 65535 entries without ZIP64, not ${entries.length}`);
  const seen = new Set<string>();
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    if (entry.name === "" || entry.name.startsWith("/") || entry.name.includes("\\") || entry.name.split("/").includes("..")) {
      throw new Error(`a zip entry needs a relative "/"-separated path, not ${JSON.stringify(entry.name)}`);
    }
    if (seen.has(entry.name)) throw new Error(`the zip entry ${entry.name} is given twice`);
    seen.add(entry.name);
    const name = Buffer.from(entry.name, "utf8");
    const deflated = deflateRawSync(entry.data);
    const method = deflated.length < entry.data.length ? DEFLATED : STORED;
    const body = method === DEFLATED ? deflated : Buffer.from(entry.data);
    const crc = crc32(entry.data);
    if (entry.data.length > MAX_U32 || offset > MAX_U32) throw new Error("a zip past 4 GiB needs ZIP64, which this writer does not write");

    // The fields both headers hold, in the same order: version needed, flags, method, time, date, CRC-32,
    // compressed and full sizes, name length.
    const fields = (buf: Buffer, at: number) => {
      buf.writeUInt16LE(VERSION, at);
      buf.writeUInt16LE(UTF8_NAMES, at + 2);
      buf.writeUInt16LE(method, at + 4);
      buf.writeUInt16LE(DOS_TIME, at + 6);
      buf.writeUInt16LE(DOS_DATE, at + 8);
      buf.writeUInt32LE(crc, at + 10);
      buf.writeUInt32LE(body.length, at + 14);
      buf.writeUInt32LE(entry.data.length, at + 18);
      buf.writeUInt16LE(name.length, at + 22);
      return buf;
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    fields(local, 4);
    // extra field length stays 0

    const header = Buffer.alloc(46);
    header.writeUInt32LE(CENTRAL_HEADER, 0);
    header.writeUInt16LE(MADE_BY_UNIX, 4);
    fields(header, 6);
    // extra field, comment, disk number and internal attributes stay 0
    header.writeUInt32LE((FILE_MODE << 16) >>> 0, 38);
    header.writeUInt32LE(offset, 42);

    parts.push(local, name, body);
    central.push(header, name);
    offset += local.length + name.length + body.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  if (offset + centralSize > MAX_U32) throw new Error("a zip past 4 GiB needs ZIP64, which this writer does not write");
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}
