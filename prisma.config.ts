import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { defineConfig } from "prisma/config";
import { databaseProvider, defaultDatabaseUrl, sqliteFilePath } from "./scripts/db-url.mjs";

const url = process.env.DATABASE_URL ?? defaultDatabaseUrl;
// One model file (prisma/models.prisma), linked into each provider's schema folder beside its datasource;
// each provider has its own migrations (`prisma migrate diff` writes them, see prisma/models.prisma).
const provider = databaseProvider(url);

export default defineConfig({
  schema: `prisma/${provider}/schema`,
  migrations: { path: `prisma/${provider}/migrations` },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => {
    if (provider === "postgres") return new MigratingPrismaPg(url);
    const file = sqliteFilePath(url);
    // A missing folder fails with only "External error id#0".
    if (file) mkdirSync(dirname(file), { recursive: true });
    return new PrismaBetterSQLite3({ url });
  },
});

/**
 * @prisma/adapter-pg 6.19 as the migration engine needs it (both bugs verified here, see STACK.md):
 * 1. its type map lacks `name` (OID 19) and `char` (18), which the engine's catalogue queries return, and
 *    fails with "Column type 'name' could not be deserialized": read them as text (25), and name[] (1003) as
 *    text[] (1009). A pg type parser does not help; the adapter maps the field's dataTypeID itself.
 * 2. its shadow database is created, then connected to with the main URL (the connection string wins
 *    over `database`), so `migrate diff --from-migrations` ran the migrations on the main database:
 *    connect to the shadow database by URL instead, and drop it on dispose.
 */
class MigratingPrismaPg extends PrismaPg {
  constructor(private readonly connectionString: string) {
    super({ connectionString });
    patchCatalogueTypes();
  }

  override async connectToShadowDb() {
    const main = await this.connect();
    const database = `prisma_shadow_${process.pid}_${Date.now()}`;
    await main.executeScript(`CREATE DATABASE "${database}"`);
    const shadowUrl = new URL(this.connectionString);
    shadowUrl.pathname = `/${database}`;
    const shadow = await new PrismaPg({ connectionString: shadowUrl.toString() }).connect();
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await main.executeScript(`DROP DATABASE IF EXISTS "${database}"`);
      await main.dispose();
    };
    return shadow;
  }
}

let patched = false;
function patchCatalogueTypes() {
  if (patched) return;
  patched = true;
  const remap: Record<number, number> = { 18: 25, 19: 25, 1003: 1009 };
  const proto = (pg as unknown as { Result: { prototype: { addFields(fields: Array<{ dataTypeID: number }>): void } } }).Result.prototype;
  const addFields = proto.addFields;
  proto.addFields = function (fields) {
    for (const field of fields) field.dataTypeID = remap[field.dataTypeID] ?? field.dataTypeID;
    return addFields.call(this, fields);
  };
}
