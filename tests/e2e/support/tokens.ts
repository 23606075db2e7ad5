import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { AppServer } from "./server";

const run = promisify(execFile);

/** Makes an API token with the real CLI (`sweepboard token create`) on the server's database. */
export async function createCliToken(app: AppServer, name: string, scopes = "read,write"): Promise<string> {
  const env = { ...process.env, DATABASE_URL: `file:${app.databaseFile}` };
  const { stdout } = await run(process.execPath, ["bin/sweepboard.mjs", "token", "create", "--name", name, "--scopes", scopes], { env, encoding: "utf8" });
  const token = stdout.trim();
  if (!token) throw new Error(`sweepboard token create printed no token`);
  return token;
}

/** Revokes an API token with the real CLI (`sweepboard token revoke <id>`). */
export async function revokeCliToken(app: AppServer, id: number): Promise<void> {
  const env = { ...process.env, DATABASE_URL: `file:${app.databaseFile}` };
  await run(process.execPath, ["bin/sweepboard.mjs", "token", "revoke", String(id)], { env, encoding: "utf8" });
}
