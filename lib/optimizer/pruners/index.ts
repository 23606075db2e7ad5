import type { Pruner, PrunerConfig } from "../types";
import { createAshaPruner } from "./asha";
import { createHyperbandPruner } from "./hyperband";
import { createPercentilePruner } from "./percentile";

export function createPruner(config: PrunerConfig): Pruner {
  switch (config.name) {
    case "none":
      return { name: "none", shouldPrune: () => false, verdict: () => null };
    case "median":
    case "percentile":
      return createPercentilePruner(config);
    case "asha":
      return createAshaPruner(config);
    case "hyperband":
      return createHyperbandPruner(config);
  }
}
