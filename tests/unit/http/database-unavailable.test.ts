import { describe, expect, it } from "vitest";
import { DatabaseUnavailableError, isConnectionError } from "@/lib/db/postgres";
import { databaseUnavailableError } from "@/lib/http/errors";
import { errorResponse } from "@/lib/http/route";

const withCode = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("a database that cannot be reached", () => {
  it("is recognised from PostgreSQL's and the driver's errors, and nothing else", () => {
    for (const code of ["57P01", "57P02", "57P03", "53300", "08000", "08001", "08003", "08004", "08006", "08P01", "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND"]) {
      expect(isConnectionError(withCode(code)), code).toBe(true);
    }
    for (const message of ["Connection terminated unexpectedly", "Connection terminated due to connection timeout", "timeout exceeded when trying to connect", "Client has encountered a connection error and is not queryable"]) {
      expect(isConnectionError(new Error(message)), message).toBe(true);
    }
    expect(isConnectionError(new AggregateError([withCode("ECONNREFUSED"), withCode("ECONNREFUSED")], ""))).toBe(true);
    // Errors of the statement, not the connection: a 4xx or a 500 elsewhere, never a 503.
    for (const code of ["23505", "53100", "22021", "40001", "42P01", "57014", "SQLITE_FULL", "SQLITE_BUSY"]) {
      expect(isConnectionError(withCode(code, "Connection terminated")), code).toBe(false);
    }
    expect(isConnectionError(new Error("boom"))).toBe(false);
    expect(isConnectionError(null)).toBe(false);
  });

  it("is answered 503 database_unavailable with Retry-After and a JSON body, found through causes", async () => {
    const error = new DatabaseUnavailableError("connect ECONNREFUSED 127.0.0.1:5432", { cause: withCode("ECONNREFUSED") });
    for (const thrown of [error, new Error("wrapped", { cause: error })]) {
      const res = errorResponse(thrown);
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect(res.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await res.json()).toEqual({ error: { code: "database_unavailable", message: "the database cannot be reached; nothing was stored; try again in 5 s" } });
    }
    // The driver's own error, not classified by lib/db, is not an outage to lib/http: lib/db decides.
    expect(databaseUnavailableError(withCode("ECONNREFUSED"))).toBeNull();
  });
});
