import type { SamplerConfig } from "../types";
import { createGridSampler } from "./grid";
import { createQmcSampler } from "./qmc";
import { createRandomSampler } from "./random";
import { createTpeSampler } from "../tpe/sampler";
import { createGpSampler } from "../gp/sampler";
import { createNsga2Sampler } from "../nsga2/sampler";
import { createAutoSampler } from "./auto";
import { createCmaEsSampler } from "../cmaes/sampler";
import type { Sampler } from "./types";

/**
 * The sampler of a study with seed `studySeed`. A QMC config without a seed of its own scrambles with the
 * study's, so two sweeps with different seeds get different sequences on every path (Study and server).
 */
export function createSampler(config: SamplerConfig, studySeed?: number): Sampler {
  switch (config.name) {
    case "auto":
      return createAutoSampler(config);
    case "random":
      return createRandomSampler();
    case "tpe":
      return createTpeSampler(config);
    case "nsga2":
      return createNsga2Sampler(config);
    case "grid":
      return createGridSampler(config);
    case "cmaes":
      return createCmaEsSampler(config);
    case "qmc":
      return createQmcSampler(config.seed === undefined && studySeed !== undefined ? { ...config, seed: studySeed } : config);
    case "gp":
      return createGpSampler(config);
  }
}
