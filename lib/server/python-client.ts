import "server-only";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { AppError } from "@/lib/http/errors";
import { zipArchive, type ZipEntry } from "@/lib/http/zip";

// The Python client (clients/python) as a wheel, for machines without a checkout: GET /python/<wheel> serves it
// and /python/simple/ is a PEP 503 index of it, so `pip install http://SERVER/python/<wheel>` or
// `pip install --index-url http://SERVER/python/simple/ sweepboard` works on a GPU box with only Python.
// The wheel is the one the in-tree build backend (clients/python/_build/sweepboard_build.py) writes: the same
// files, its METADATA from the same pyproject.toml fields read by the same rule (a unit test builds both and
// compares them).

export interface PythonWheel {
  /** The project name, as pip asks for it (pyproject.toml [project] name). */
  name: string;
  version: string;
  /** sweepboard-<version>-py3-none-any.whl */
  fileName: string;
  data: Buffer;
  /** Hex sha256 of data, for the index's #sha256= fragment. */
  sha256: string;
  requiresPython: string;
}

const PACKAGE_DIR = "clients/python";
const REQUIRED_FIELDS = ["name", "description", "readme", "requires-python"] as const;
// pyproject.toml's [project] string fields, one a line: key = "basic string" (a comment may follow), the
// rule _FIELD in the build backend states.
const FIELD = /^([A-Za-z0-9_-]+)\s*=\s*("(?:[^"\\]|\\.)*")\s*(?:#.*)?$/;
const WHEEL_FILE = "Wheel-Version: 1.0\nGenerator: sweepboard_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n";

/** The string fields of the [project] table of a pyproject.toml; throws naming a required one that is missing. */
export function projectFields(pyproject: string): Record<(typeof REQUIRED_FIELDS)[number], string> & Record<string, string> {
  const fields: Record<string, string> = {};
  let section = "";
  for (const raw of pyproject.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith("[")) {
      section = line;
      continue;
    }
    const match = section === "[project]" ? FIELD.exec(line) : null;
    if (match) fields[match[1]!] = JSON.parse(match[2]!) as string;
  }
  for (const key of REQUIRED_FIELDS) if (!(key in fields)) throw new Error(`pyproject.toml [project] has no ${key} = "..." line`);
  return fields as Record<(typeof REQUIRED_FIELDS)[number], string> & Record<string, string>;
}

/** sweepboard.__version__, read as the build backend reads it: the first line starting with __version__. */
export function moduleVersion(source: string): string {
  const line = source.split(/\r?\n/).find((l) => l.startsWith("__version__"));
  if (line === undefined) throw new Error("sweepboard.py has no __version__");
  return line
    .slice(line.indexOf("=") + 1)
    .trim()
    .replace(/^["']+|["']+$/g, "");
}

function recordLine(path: string, data: Uint8Array): string {
  return `${path},sha256=${createHash("sha256").update(data).digest("base64url")},${data.length}`;
}

/** The wheel of the package in `dir` (a folder laid out as clients/python), built as the Python backend builds it. */
export async function buildPythonWheel(dir: string): Promise<PythonWheel> {
  const [pyproject, source] = await Promise.all([readFile(join(dir, "pyproject.toml"), "utf8"), readFile(join(dir, "sweepboard.py"))]);
  const project = projectFields(pyproject);
  const version = moduleVersion(source.toString("utf8"));
  // The server reads clients/python at run time from the app's folder (as it reads the standalone CLI from .next),
  // so Next's build has nothing to trace for this path named by pyproject.toml (tracing it would take in the
  // whole project).
  const readme = await readFile(join(/*turbopackIgnore: true*/ dir, project.readme), "utf8");
  const contentType = project.readme.endsWith(".md") ? "text/markdown" : "text/plain";
  const metadata = `Metadata-Version: 2.1\nName: ${project.name}\nVersion: ${version}\nSummary: ${project.description}\nRequires-Python: ${project["requires-python"]}\nDescription-Content-Type: ${contentType}\n\n${readme}`;
  const distInfo = `${project.name}-${version}.dist-info`;
  const files: ZipEntry[] = [
    { name: `${project.name}.py`, data: source },
    { name: `${distInfo}/METADATA`, data: Buffer.from(metadata, "utf8") },
    { name: `${distInfo}/WHEEL`, data: Buffer.from(WHEEL_FILE) },
    { name: `${distInfo}/top_level.txt`, data: Buffer.from(`${project.name}\n`) },
  ];
  const record = [...files.map((f) => recordLine(f.name, f.data)), `${distInfo}/RECORD,,`].join("\n") + "\n";
  files.push({ name: `${distInfo}/RECORD`, data: Buffer.from(record) });
  const data = zipArchive(files);
  return {
    name: project.name,
    version,
    fileName: `${project.name}-${version}-py3-none-any.whl`,
    data,
    sha256: createHash("sha256").update(data).digest("hex"),
    requiresPython: project["requires-python"],
  };
}

let cached: PythonWheel | undefined;

/**
 * The wheel of clients/python, built on first use and kept: the files change only with a new checkout,
 * which restarts the server. Missing or unreadable package files answer 404 saying so.
 */
export async function pythonClientWheel(root = process.cwd()): Promise<PythonWheel> {
  if (cached) return cached;
  try {
    cached = await buildPythonWheel(join(root, PACKAGE_DIR));
    return cached;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new AppError("not_found", `this server cannot serve the Python client: ${PACKAGE_DIR} is missing or unreadable (${why})`);
  }
}

/** The wheel's file name for the dashboard's install line, or null when the server has no Python client to serve. */
export async function pythonClientWheelName(root = process.cwd()): Promise<string | null> {
  try {
    return (await pythonClientWheel(root)).fileName;
  } catch {
    return null;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function page(title: string, links: string): string {
  return `<!DOCTYPE html>\n<html>\n<head><meta name="pypi:repository-version" content="1.0"><title>${escapeHtml(title)}</title></head>\n<body>\n<h1>${escapeHtml(title)}</h1>\n${links}\n</body>\n</html>\n`;
}

/**
 * What GET /python/<path> answers, path being the segments after /python: the wheel, the PEP 503 index
 * (simple/ and simple/<project>/, links absolute so a redirect that drops the trailing "/" changes nothing), or a
 * 404 naming the files there are.
 */
export async function pythonClientFile(path: readonly string[]): Promise<{ body: Uint8Array<ArrayBuffer> | string; contentType: string }> {
  const wheel = await pythonClientWheel();
  const joined = path.join("/");
  if (joined === wheel.fileName) return { body: new Uint8Array(wheel.data), contentType: "application/zip" };
  if (joined === "simple") return { body: page("Simple index", `<a href="/python/simple/${wheel.name}/">${escapeHtml(wheel.name)}</a>`), contentType: "text/html; charset=utf-8" };
  // PEP 503 normalizes project names: Sweepboard, sweepboard and SWEEPBOARD are one project.
  if (path.length === 2 && path[0] === "simple" && path[1]!.toLowerCase().replace(/[-_.]+/g, "-") === wheel.name) {
    const href = `/python/${wheel.fileName}#sha256=${wheel.sha256}`;
    return { body: page(`Links for ${wheel.name}`, `<a href="${escapeHtml(href)}" data-requires-python="${escapeHtml(wheel.requiresPython)}">${escapeHtml(wheel.fileName)}</a>`), contentType: "text/html; charset=utf-8" };
  }
  const what = joined === "" ? "/python" : `/python/${joined}`;
  const hint =
    path[0] === "simple"
      ? `the index has one project: /python/simple/${wheel.name}/`
      : `the Python client here is /python/${wheel.fileName} (pip install http://SERVER/python/${wheel.fileName}, or pip install --index-url http://SERVER/python/simple/ ${wheel.name})`;
  throw new AppError("not_found", `${what} does not exist: ${hint}`);
}
