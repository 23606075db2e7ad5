import { ConfigError } from "../errors";
import { MAX_CMAES_PARAMS, MAX_GP_CANDIDATE_PARAMS, MAX_TPE_CANDIDATE_PARAMS } from "../limits";
import { cmaCoords } from "../cmaes/replay";
import { compileSpace } from "../space/compile";
import type { ConfigIssue, SamplerConfig, Space } from "../types";
import { buildGrid } from "./grid-values";

/**
 * What a sampler config cannot do with this space, with paths relative to the sampler config. A sampler and a
 * space are each valid on their own and parsed separately; these are the combinations that would otherwise be
 * accepted at create and then fail (or block the server) on every ask.
 */
export function samplerSpaceIssues(space: Space | unknown, sampler: SamplerConfig): ConfigIssue[] {
  switch (sampler.name) {
    case "grid":
      try {
        buildGrid(space, sampler);
        return [];
      } catch (error) {
        if (error instanceof ConfigError) return error.issues;
        throw error;
      }
    case "tpe": {
      // Each ask scores nEiCandidates candidates per parameter (or group) against every trial of the history.
      const free = compileSpace(space).free.length;
      const work = sampler.nEiCandidates * free;
      if (work <= MAX_TPE_CANDIDATE_PARAMS) return [];
      const most = Math.max(1, Math.floor(MAX_TPE_CANDIDATE_PARAMS / free));
      return [{ path: "nEiCandidates", message: `must be <= ${most} for this space: nEiCandidates x parameters (${sampler.nEiCandidates} x ${free}) may be at most ${MAX_TPE_CANDIDATE_PARAMS}` }];
    }
    case "gp": {
      // Each ask scores nCandidates posteriors, each O(parameters) per history trial.
      const free = compileSpace(space).free.length;
      if (sampler.nCandidates * free <= MAX_GP_CANDIDATE_PARAMS) return [];
      const most = Math.max(1, Math.floor(MAX_GP_CANDIDATE_PARAMS / free));
      return [{ path: "nCandidates", message: `must be <= ${most} for this space: nCandidates x parameters (${sampler.nCandidates} x ${free}) may be at most ${MAX_GP_CANDIDATE_PARAMS}` }];
    }
    case "cmaes": {
      // Every ask replays the current run: O(d^3) per generation (limits.ts).
      const d = cmaCoords(compileSpace(space), sampler.withMargin).length;
      if (d <= MAX_CMAES_PARAMS) return [];
      return [{ path: "", message: `cmaes models at most ${MAX_CMAES_PARAMS} numeric parameters jointly (MAX_CMAES_PARAMS); this space has ${d} always-active numeric parameters` }];
    }
    default:
      return [];
  }
}

/** Throws a ConfigError naming every issue of samplerSpaceIssues. */
export function assertSamplerFitsSpace(space: Space | unknown, sampler: SamplerConfig): void {
  const issues = samplerSpaceIssues(space, sampler);
  if (issues.length > 0) throw new ConfigError(issues, "the sampler cannot search this space");
}
