#!/usr/bin/python3
"""Optuna 3.1's CmaEsSampler on problems of the suite, for bench/optimizer/cmaes-compare.ts.

Reuses the problem definitions of optuna_harness.py (imported, not modified). One JSON line per
(problem, arm, seed) on stdout: {"impl": "optuna", "problem", "arm", "seed", "trials", "best", "wall_s"}.

Arms: cma = CmaEsSampler(seed=s) (Optuna's defaults: no restarts, no margin);
      cma-ipop = CmaEsSampler(restart_strategy="ipop", seed=s);
      cma-margin = CmaEsSampler(with_margin=True, seed=s).
Run with /usr/bin/python3 (Debian's python3-optuna and python3-cmaes).
"""

import argparse
import json
import os
import sys
import time
import warnings

warnings.filterwarnings("ignore")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import optuna  # noqa: E402
import optuna_harness as harness  # noqa: E402

optuna.logging.set_verbosity(optuna.logging.ERROR)


def make_sampler(arm, seed):
    if arm == "cma":
        return optuna.samplers.CmaEsSampler(seed=seed)
    if arm == "cma-ipop":
        return optuna.samplers.CmaEsSampler(restart_strategy="ipop", seed=seed)
    if arm == "cma-margin":
        return optuna.samplers.CmaEsSampler(with_margin=True, seed=seed)
    raise ValueError(f"unknown arm {arm}")


def run(problem, arm, seed, trials):
    prob = harness.PROBLEMS[problem]
    study = optuna.create_study(direction="minimize", sampler=make_sampler(arm, seed))
    best = float("inf")
    t0 = time.perf_counter()
    for _ in range(trials):
        t = study.ask()
        v = prob["objective"](harness.suggest(t, prob["spec"]))
        study.tell(t, v)
        best = min(best, v)
    return {"impl": "optuna", "problem": problem, "arm": arm, "seed": seed, "trials": trials, "best": best, "wall_s": time.perf_counter() - t0}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--problems", default="rosenbrock5,ackley10,sphere20,levy10,rastrigin10")
    ap.add_argument("--arms", default="cma")
    ap.add_argument("--seeds", default="0-4")
    ap.add_argument("--trials", type=int, default=1000)
    a = ap.parse_args()
    for problem in a.problems.split(","):
        for arm in a.arms.split(","):
            for seed in harness.parse_seeds(a.seeds):
                sys.stdout.write(json.dumps(run(problem, arm, seed, a.trials)) + "\n")
                sys.stdout.flush()


if __name__ == "__main__":
    main()
