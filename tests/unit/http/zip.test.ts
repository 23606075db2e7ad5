// The zip writer: Python's zipfile (the reader pip uses for wheels) opens what it writes, checks every CRC and
// reads back the same names and bytes; stored and deflated entries, UTF-8 names and the refusals.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { zipArchive } from "@/lib/http/zip";

const dir = mkdtempSync(join(tmpdir(), "sweepboard-zip-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const READ = `
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
bad = z.testzip()
print(json.dumps({"bad": bad, "entries": [[i.filename, i.compress_type, i.external_attr >> 16, z.read(i).hex()] for i in z.infolist()]}))
`;

function readWithPython(data: Buffer): { bad: string | null; entries: Array<[string, number, number, string]> } {
  const file = join(dir, `a${Math.random().toString(36).slice(2)}.zip`);
  writeFileSync(file, data);
  return JSON.parse(execFileSync("python3", ["-c", READ, file], { encoding: "utf8" }));
}

describe("zipArchive", () => {
  it("writes an archive Python's zipfile reads back byte for byte, its CRCs checked", () => {
    const text = Buffer.from("hello wheel\n".repeat(200));
    const random = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 97 + 13) % 256));
    const entries = [
      { name: "pkg.py", data: text },
      { name: "pkg-1.0.dist-info/RECORD", data: random },
      { name: "données/é.txt", data: Buffer.from("ü") },
      { name: "empty", data: Buffer.alloc(0) },
    ];
    const read = readWithPython(zipArchive(entries));
    expect(read.bad).toBeNull();
    expect(read.entries.map(([name, , , hex]) => [name, hex])).toEqual(entries.map((e) => [e.name, e.data.toString("hex")]));
    // Repeated text compresses, so it is deflated (8); 64 incompressible bytes, two bytes and none would grow, so they are stored (0).
    expect(read.entries.map(([, method]) => method)).toEqual([8, 0, 0, 0]);
    expect(read.entries.every(([, , mode]) => mode === 0o100644)).toBe(true);
  });

  it("gives the same bytes for the same files, so a wheel's hash is stable across restarts", () => {
    const entries = [{ name: "a.txt", data: Buffer.from("a") }];
    expect(zipArchive(entries).equals(zipArchive(entries))).toBe(true);
  });

  it("writes an empty archive zipfile accepts", () => {
    expect(readWithPython(zipArchive([]))).toEqual({ bad: null, entries: [] });
  });

  it("refuses names that are absolute, empty, climb out or repeat", () => {
    const data = Buffer.from("x");
    expect(() => zipArchive([{ name: "/etc/passwd", data }])).toThrow(/relative "\/"-separated path, not "\/etc\/passwd"/);
    expect(() => zipArchive([{ name: "", data }])).toThrow(/relative/);
    expect(() => zipArchive([{ name: "a/../../b", data }])).toThrow(/relative/);
    expect(() => zipArchive([{ name: "a\\b", data }])).toThrow(/relative/);
    expect(() => zipArchive([{ name: "a", data }, { name: "a", data }])).toThrow("the zip entry a is given twice");
  });
});
