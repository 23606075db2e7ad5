import type { ConfigIssue } from "./types";

/** Base of every error the engine throws on purpose; `code` lets the server map it to a status. */
export class OptimizerError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A search space, sampler, pruner or parameter set is invalid; carries every issue, not just the first. */
export class ConfigError extends OptimizerError {
  readonly issues: ConfigIssue[];
  constructor(issues: ConfigIssue[], what = "invalid configuration") {
    const shown = issues.slice(0, 5).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
    const more = issues.length > 5 ? `; and ${issues.length - 5} more` : "";
    super("config_error", `${what}: ${shown.join("; ")}${more}`);
    this.issues = issues;
  }
}

/** The trial is not in a state that allows the operation (e.g. telling a finished trial). */
export class StateError extends OptimizerError {
  constructor(message: string) {
    super("state_error", message);
  }
}

/** A value given to tell/report has the wrong shape (e.g. wrong number of objective values). */
export class InvalidValueError extends OptimizerError {
  constructor(message: string) {
    super("invalid_value", message);
  }
}

export class NotFoundError extends OptimizerError {
  constructor(message: string) {
    super("not_found", message);
  }
}

/** maxTrials trials exist already. */
export class BudgetError extends OptimizerError {
  constructor(message: string) {
    super("budget_exhausted", message);
  }
}

/** maxParallel trials are running already. */
export class ParallelLimitError extends OptimizerError {
  constructor(message: string) {
    super("parallel_limit", message);
  }
}

/** The sampler has no configuration left (a finished grid). */
export class ExhaustedError extends OptimizerError {
  constructor(message: string) {
    super("exhausted", message);
  }
}
