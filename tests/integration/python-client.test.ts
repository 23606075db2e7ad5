// GET /python/...: the real route handler serves the Python client's wheel (Python's zipfile reads it, pip's
// #sha256= in the PEP 503 index matches it), the index pages, and a 404 naming the wheel for anything else.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GET } from "@/app/python/[[...path]]/route";

const dir = mkdtempSync(join(tmpdir(), "sweepboard-pyroute-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const version = /^__version__ = "(.+)"$/m.exec(readFileSync("clients/python/sweepboard.py", "utf8"))?.[1] ?? "";
const wheelName = `sweepboard-${version}-py3-none-any.whl`;

function get(...path: string[]): Promise<Response> {
  const url = new URL(`http://localhost/python/${path.map(encodeURIComponent).join("/")}`);
  return GET(new Request(url), { params: Promise.resolve(path.length ? { path } : {}) });
}

describe("GET /python/...", () => {
  it("serves the wheel sweepboard.__version__ names, a zip Python reads with the module and its dist-info", async () => {
    const res = await get(wheelName);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/zip");
    const file = join(dir, wheelName);
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const names = execFileSync("python3", ["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print('\\n'.join(z.namelist()))", file], { encoding: "utf8" });
    const distInfo = `sweepboard-${version}.dist-info`;
    expect(names.trim().split("\n")).toEqual(["sweepboard.py", `${distInfo}/METADATA`, `${distInfo}/WHEEL`, `${distInfo}/top_level.txt`, `${distInfo}/RECORD`]);
    // Built once: a second request answers the same bytes.
    expect(Buffer.from(await (await get(wheelName)).arrayBuffer()).equals(readFileSync(file))).toBe(true);
  });

  it("serves a PEP 503 index whose link carries the wheel's sha256 and Requires-Python", async () => {
    const root = await get("simple");
    expect(root.status).toBe(200);
    expect(root.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await root.text()).toContain('<a href="/python/simple/sweepboard/">sweepboard</a>');

    const wheel = Buffer.from(await (await get(wheelName)).arrayBuffer());
    const sha = createHash("sha256").update(wheel).digest("hex");
    for (const name of ["sweepboard", "Sweepboard", "SWEEPBOARD"]) {
      const project = await get("simple", name);
      expect(project.status).toBe(200);
      expect(await project.text()).toContain(`<a href="/python/${wheelName}#sha256=${sha}" data-requires-python="&gt;=3.8">${wheelName}</a>`);
    }
  });

  it("answers any other path 404 with JSON naming the wheel or the index's one project", async () => {
    for (const path of [[], ["sweepboard-0.0.1-py3-none-any.whl"], ["sweepboard.tar.gz"], [wheelName, "x"], ["..", "package.json"], ["%00"]]) {
      const res = await get(...path);
      expect(res.status, path.join("/")).toBe(404);
      const body = await res.json();
      expect(body.error.code).toBe("not_found");
      expect(body.error.message).toContain(`the Python client here is /python/${wheelName}`);
      expect(body.error.message).toContain(`pip install --index-url http://SERVER/python/simple/ sweepboard`);
    }
    const other = await (await get("simple", "numpy")).json();
    expect(other.error.message).toBe("/python/simple/numpy does not exist: the index has one project: /python/simple/sweepboard/");
    expect((await (await get("sweepboard.zip")).json()).error.message).toMatch(/^\/python\/sweepboard\.zip does not exist: /);
  });
});
