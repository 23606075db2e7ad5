import "server-only";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { AppError } from "@/lib/http/errors";

export interface StandaloneCli {
  code: Buffer;
  build: string;
}

let cached: StandaloneCli | undefined;

/**
 * The standalone CLI built with the app (`npm run build` writes .next/sweepboard-cli.mjs and its build id): what
 * GET /sweepboard.mjs serves to machines that have only Node. Read once: it changes only with a new build,
 * which restarts the server.
 */
export async function readStandaloneCli(root = process.cwd()): Promise<StandaloneCli> {
  if (cached) return cached;
  try {
    const [code, build] = await Promise.all([readFile(join(root, ".next/sweepboard-cli.mjs")), readFile(join(root, ".next/sweepboard-cli.build"), "utf8")]);
    cached = { code, build: build.trim() };
    return cached;
  } catch {
    throw new AppError("not_found", "this server has no standalone CLI: it is built by `npm run build` (npm start builds it)");
  }
}
