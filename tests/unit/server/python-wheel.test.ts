// The wheel the server serves (lib/server/python-client.ts) is the wheel pip builds from clients/python with the
// in-tree backend: the same files, byte for byte, METADATA included, for the package as it is and for a copy
// whose pyproject.toml and __version__ were changed (so neither side states the metadata on its own).
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildPythonWheel, moduleVersion, projectFields } from "@/lib/server/python-client";

const dir = mkdtempSync(join(tmpdir(), "sweepboard-wheel-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const READ = `
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
print(json.dumps([[i.filename, z.read(i).decode("utf-8")] for i in z.infolist()]))
`;

function wheelFiles(file: string): Array<[string, string]> {
  return JSON.parse(execFileSync("python3", ["-c", READ, file], { encoding: "utf8" }));
}

/** Builds the package in `pkg` with pip and the in-tree backend; returns the wheel's path. */
function pipWheel(pkg: string, out: string): string {
  execFileSync("python3", ["-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index", "--wheel-dir", out, pkg], { stdio: "pipe" });
  const [name] = readdirSync(out).filter((f) => f.endsWith(".whl"));
  return join(out, name!);
}

async function compare(pkg: string, tag: string) {
  const pythonWheel = pipWheel(pkg, join(dir, `${tag}-pip`));
  const served = await buildPythonWheel(pkg);
  const servedFile = join(dir, `${tag}-${served.fileName}`);
  writeFileSync(servedFile, served.data);
  expect(pythonWheel.endsWith(`/${served.fileName}`)).toBe(true);
  const fromPython = wheelFiles(pythonWheel);
  const fromServer = wheelFiles(servedFile);
  expect(fromServer.map(([name]) => name)).toEqual(fromPython.map(([name]) => name));
  expect(fromServer).toEqual(fromPython);
  return { served, files: new Map(fromServer) };
}

describe("the served Python wheel", () => {
  it("holds the files the in-tree build backend writes, METADATA and RECORD identical", async () => {
    const { served, files } = await compare(resolve("clients/python"), "tree");
    const source = readFileSync("clients/python/sweepboard.py", "utf8");
    expect(served.version).toBe(/^__version__ = "(.+)"$/m.exec(source)?.[1]);
    expect(served.fileName).toBe(`sweepboard-${served.version}-py3-none-any.whl`);
    expect(files.get("sweepboard.py")).toBe(source);
    const metadata = files.get(`sweepboard-${served.version}.dist-info/METADATA`) ?? "";
    expect(metadata).toMatch(/^Metadata-Version: 2\.1\nName: sweepboard\nVersion: \S+\nSummary: Client for Sweepboard/);
    expect(metadata).toContain("Requires-Python: >=3.8\n");
  }, 60_000);

  it("follows pyproject.toml and __version__ when they change, as the backend does", async () => {
    const pkg = join(dir, "changed");
    cpSync(resolve("clients/python"), pkg, { recursive: true });
    const pyproject = readFileSync(join(pkg, "pyproject.toml"), "utf8");
    writeFileSync(join(pkg, "pyproject.toml"), pyproject.replace(/^description = .*$/m, 'description = "A \\"changed\\" summary" # a comment').replace(/^requires-python = .*$/m, 'requires-python = ">=3.9"'));
    writeFileSync(join(pkg, "sweepboard.py"), readFileSync(join(pkg, "sweepboard.py"), "utf8").replace(/^__version__ = .*$/m, '__version__ = "9.8.7"'));
    const { served, files } = await compare(pkg, "changed");
    expect(served.fileName).toBe("sweepboard-9.8.7-py3-none-any.whl");
    expect(served.requiresPython).toBe(">=3.9");
    expect(files.get("sweepboard-9.8.7.dist-info/METADATA")).toContain('Version: 9.8.7\nSummary: A "changed" summary\nRequires-Python: >=3.9\n');
  }, 60_000);

  it("names what is missing when pyproject.toml or sweepboard.py lack a field", () => {
    expect(() => projectFields('[project]\nname = "sweepboard"\n')).toThrow('pyproject.toml [project] has no description = "..." line');
    // A field of another table is not the project's.
    expect(() => projectFields('[tool.x]\nname = "a"\ndescription = "b"\nreadme = "c"\nrequires-python = "d"\n')).toThrow("has no name");
    expect(() => moduleVersion("VERSION = 1\n")).toThrow("sweepboard.py has no __version__");
    expect(moduleVersion("__version__ = '1.2'\n")).toBe("1.2");
  });
});
