import "server-only";
import { ConfigError } from "@/lib/optimizer";
import { AppError } from "@/lib/http/errors";

/** Runs an engine call and turns its configuration errors into a 422 that names every offending path. */
export function withConfigErrors<T>(prefix: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof ConfigError) {
      const issues = error.issues.map((i) => ({ path: i.path ? `${prefix}.${i.path}` : prefix, message: i.message }));
      const first = issues[0] ?? { path: prefix, message: error.message };
      return throwValidation(first, issues);
    }
    throw error;
  }
}

function throwValidation(first: { path: string; message: string }, issues: Array<{ path: string; message: string }>): never {
  throw new AppError("validation_error", `${first.path}: ${first.message}`, { path: first.path, issues });
}
