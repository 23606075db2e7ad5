// `sweepboard token create|list|revoke`: manages API tokens straight in the database (WAL mode lets
// this run beside a live server). The whole token is printed once, on creation, and never stored.
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { databaseIsMigrated } from "@/lib/db/schema-status";
import { closeDb, databaseKey } from "@/lib/db/client";
import { defaultDatabaseUrl } from "@/scripts/db-url.mjs";
import { AppError } from "@/lib/http/errors";
import { createApiToken } from "@/lib/server/create-api-token";
import { listApiTokens } from "@/lib/server/list-api-tokens";
import { revokeApiToken } from "@/lib/server/revoke-api-token";

const USAGE = `usage:
  sweepboard token create [--name NAME] [--scopes read,write]   prints a new token once
  sweepboard token list                                          lists tokens (prefixes only)
  sweepboard token revoke <id>                                   revokes a token`;

class UsageError extends Error {}

async function migrateIfNeeded(root: string) {
  if (await databaseIsMigrated()) return;
  // The migration engine needs the file to itself for a moment: let go of our handle first.
  await closeDb();
  try {
    execFileSync(process.execPath, [`${root}/scripts/with-db-env.mjs`, "prisma", "migrate", "deploy"], { stdio: "pipe", cwd: root });
  } catch (error) {
    const output = error instanceof Error && "stderr" in error ? String(error.stderr).trim().split("\n").slice(-3).join(" ") : String(error);
    throw new AppError("internal", `could not prepare the database (prisma migrate deploy failed): ${output}`);
  }
}

/** The database a command opens, as it says so: a password in a PostgreSQL URL is not printed. */
function databaseLabel(): string {
  const url = databaseKey();
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]*):[^@]*@/, "$1:***@");
}

export async function runTokenCommand(argv: string[], io: { out: (s: string) => void; root: string }): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help" || rest.includes("--help") || rest.includes("-h")) {
    if (sub === undefined) {
      process.stderr.write(`sweepboard: missing token command\n${USAGE}\n`);
      return 2;
    }
    io.out(`${USAGE}\n\nThe token is written to the database in DATABASE_URL (default ${defaultDatabaseUrl}), which must be the\nserver's: run this with the server's DATABASE_URL.`);
    return 0;
  }
  // A token made in another database than the server's is refused by it: say which one this is.
  process.stderr.write(`sweepboard: database ${databaseLabel()}\n`);
  try {
    if (sub === "create") {
      const { values } = parseArgs({ args: rest, options: { name: { type: "string", default: "cli" }, scopes: { type: "string", default: "read,write" } }, strict: true });
      await migrateIfNeeded(io.root);
      const created = await createApiToken({ name: values.name, scopes: values.scopes.split(",").map((s) => s.trim()).filter(Boolean) });
      io.out(created.token);
      process.stderr.write(`created token ${created.id} "${created.name}" (${created.scopes.join(",")}); it is shown only this once\n`);
      return 0;
    }
    if (sub === "list") {
      parseArgs({ args: rest, options: {}, strict: true });
      await migrateIfNeeded(io.root);
      const tokens = await listApiTokens();
      if (tokens.length === 0) io.out("no tokens yet: sweepboard token create --name NAME");
      for (const t of tokens) {
        io.out(`${t.id}\t${t.prefix}…\t${t.name}\t${t.scopes.join(",")}\t${t.revokedAt ? `revoked ${t.revokedAt}` : `last used ${t.lastUsedAt ?? "never"}`}`);
      }
      return 0;
    }
    if (sub === "revoke") {
      const { positionals } = parseArgs({ args: rest, options: {}, allowPositionals: true, strict: true });
      const id = Number(positionals[0]);
      if (positionals.length !== 1 || !Number.isSafeInteger(id) || id < 1) throw new UsageError("token revoke takes one token id (see: sweepboard token list)");
      await migrateIfNeeded(io.root);
      await revokeApiToken({ id });
      io.out(`revoked token ${id}`);
      return 0;
    }
    throw new UsageError(sub ? `unknown token command "${sub}"` : "missing token command");
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`sweepboard: ${error.message}\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof AppError || (error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))) {
      process.stderr.write(`sweepboard: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    await closeDb();
  }
}
