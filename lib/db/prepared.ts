import "server-only";
import type { Compilable, CompiledQuery, Kysely } from "kysely";
import type { DB } from "@/lib/generated/kysely/types";

/** A parameter's stand-in while a query is built once; it never reaches the database. */
class Slot {
  constructor(readonly name: string) {}
}

interface Prepared<O> {
  compiled: CompiledQuery<O>;
  /** For each bound parameter of the compiled query: the name of the call's parameter it takes, or null for a constant. */
  slots: Array<string | null>;
}

/**
 * A hot query built and compiled once per SQL dialect, then run with each call's values: Kysely's builder and
 * compiler cost ~20 us a query (bench/server/db-cost.ts), as much as SQLite's own work on a one-row read, and
 * an agent's metric report runs several. `build` receives stand-ins for the parameters and must use each only
 * as a value (`where(col, "=", p.x)`, `set({ col: p.x })`, `values({ col: p.x })`), never inspect it: the
 * shape of the query may not depend on the values.
 */
export function prepared<P extends Record<string, string | number | null>, O>(build: (db: Kysely<DB>, p: P) => Compilable<O>) {
  const byDialect = new WeakMap<object, Prepared<O>>();
  return async (tx: Kysely<DB>, params: P): Promise<O[]> => {
    const dialect = tx.getExecutor().adapter.constructor;
    let entry = byDialect.get(dialect);
    if (!entry) {
      const names = Object.keys(params);
      const compiled = build(tx, Object.fromEntries(names.map((name) => [name, new Slot(name)])) as unknown as P).compile();
      const slots = compiled.parameters.map((value) => (value instanceof Slot ? value.name : null));
      const unused = names.filter((name) => !slots.includes(name));
      if (unused.length > 0) throw new Error(`prepared query: parameter ${unused.join(", ")} is not bound in ${compiled.sql}`);
      entry = { compiled, slots };
      byDialect.set(dialect, entry);
    }
    const { compiled, slots } = entry;
    const parameters = compiled.parameters.map((value, i) => {
      const slot = slots[i];
      return slot === null || slot === undefined ? value : params[slot];
    });
    return (await tx.executeQuery<O>({ ...compiled, parameters })).rows;
  };
}
