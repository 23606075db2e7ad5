#!/usr/bin/python3
"""Optuna 3.1 side of bench/optimizer/mo-compare.ts (several objectives). Run with /usr/bin/python3.

  mo_optuna.py --problems zdt1,zdt2 --arms tpe,nsga2,random --seeds 0-9 --trials 100

prints one JSON line per (problem, arm, seed): {"problem","arm","seed","values":[[f1, f2, ...] per trial],"wall_s"}.
The problems are the ones mo-compare.ts defines (same formulas, same parameter names x0..x{n-1} in [0, 1]);
hypervolumes are computed on the TypeScript side from the raw values, so both sides are scored alike.

Arms: tpe = TPESampler(seed=s) with several directions (Optuna 3.1's multi-objective TPE, defaults),
      nsga2 = NSGAIISampler(seed=s) (defaults: population 50), random = RandomSampler(seed=s).
"""

import argparse
import json
import math
import sys
import time
import warnings

warnings.filterwarnings("ignore")

import optuna  # noqa: E402

optuna.logging.set_verbosity(optuna.logging.ERROR)


def zdt_g(x):
    return 1 + 9 * sum(x[1:]) / (len(x) - 1)


def zdt1(x):
    g = zdt_g(x)
    return [x[0], g * (1 - math.sqrt(x[0] / g))]


def zdt2(x):
    g = zdt_g(x)
    return [x[0], g * (1 - (x[0] / g) ** 2)]


def zdt3(x):
    g = zdt_g(x)
    h = 1 - math.sqrt(x[0] / g) - (x[0] / g) * math.sin(10 * math.pi * x[0])
    return [x[0], g * h]


def dtlz2(m):
    def f(x):
        g = sum((xi - 0.5) ** 2 for xi in x[m - 1:])
        out = []
        for i in range(m):
            v = 1 + g
            for xj in x[: m - 1 - i]:
                v *= math.cos(xj * math.pi / 2)
            if i > 0:
                v *= math.sin(x[m - 1 - i] * math.pi / 2)
            out.append(v)
        return out

    return f


PROBLEMS = {
    "zdt1": (zdt1, 2),
    "zdt2": (zdt2, 2),
    "zdt3": (zdt3, 2),
    "dtlz2": (dtlz2(2), 2),
    "dtlz2-3": (dtlz2(3), 3),
}


def make_sampler(arm, seed):
    if arm == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if arm == "nsga2":
        return optuna.samplers.NSGAIISampler(seed=seed)
    if arm == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    raise SystemExit(f"unknown arm {arm}")


def seeds_of(spec):
    out = []
    for part in spec.split(","):
        if "-" in part:
            a, b = part.split("-")
            out.extend(range(int(a), int(b) + 1))
        else:
            out.append(int(part))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--problems", required=True)
    ap.add_argument("--arms", required=True)
    ap.add_argument("--seeds", default="0-9")
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument("--dims", type=int, default=6)
    a = ap.parse_args()
    for pid in a.problems.split(","):
        fn, m = PROBLEMS[pid]
        for arm in a.arms.split(","):
            for seed in seeds_of(a.seeds):
                study = optuna.create_study(directions=["minimize"] * m, sampler=make_sampler(arm, seed))
                values = []

                def objective(trial):
                    x = [trial.suggest_float(f"x{i}", 0.0, 1.0) for i in range(a.dims)]
                    v = fn(x)
                    values.append(v)
                    return v

                t0 = time.perf_counter()
                study.optimize(objective, n_trials=a.trials)
                print(json.dumps({"problem": pid, "arm": arm, "seed": seed, "values": values, "wall_s": time.perf_counter() - t0}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
