import type { SamplerConfig } from "../types";
import { createGridSampler } from "./grid";
import { createQmcSampler } from "./qmc";
import { createRandomSampler } from "./random";
import { createTpeSampler } from "../tpe/sampler";
import type { Sampler } from "./types";

export function createSampler(config: SamplerConfig): Sampler {
  switch (config.name) {
    case "random":
      return createRandomSampler();
    case "tpe":
      return createTpeSampler(config);
    case "grid":
      return createGridSampler(config);
    case "qmc":
      return createQmcSampler(config);
  }
}
