#!/usr/bin/python3
"""Optuna side of the Sweepboard optimizer benchmark (/work/shared/bench/SUITE.md).

Implements every problem of the suite exactly as bench/optimizer/problems.ts does (check-parity.ts compares the
spaces and the objective values of both) and drives Optuna 3.1.0 on them. Run with /usr/bin/python3 (Debian's
python3-optuna). All output is JSON, one object per line, on stdout.

Modes:
  run   --problems branin,condhpo --arms tpe,tpe-mvg,random --seeds 0-29 --trials 100
        one line per (problem, arm, seed): {"impl":"optuna","problem","arm","seed","values":[f per trial],"ask_s"}
  serve read such jobs, one JSON object per line ({"problem","arm","seed","trials"}), from stdin; answer each with
        a result line (used by run.ts to keep two long-lived workers busy on the 2 cores)
  eval  read {"problem": id, "points": [params, ...]} lines from stdin; answer {"problem", "values": [...]}
  spec  print {"problems": {id: {"spec", "fStar", "kind"}}} (the TypeScript side compares it with its own)
  speed --problem ackley10 --arms tpe,tpe-mv --sizes 100,1000,10000 --reps 30,30,3
        pre-fills a study with random complete trials (study.add_trials), then times study.ask(distributions)
        (the suggestion only, not the objective or tell); one line per (arm, size)

Arms: tpe = TPESampler(seed=s) (defaults); tpe-mv = TPESampler(multivariate=True, seed=s), with group=True on
      conditional problems; tpe-mvg = TPESampler(multivariate=True, group=True, seed=s); cmaes = CmaEsSampler(seed=s)
      (defaults: categoricals and conditional params go to its independent sampler); nsga2 = NSGAIISampler(seed=s);
      mo-tpe = TPESampler(seed=s) on a study with several directions; random = RandomSampler(seed=s).
A trial whose objective raises ProblemFailure (the failing-region problems) is told with state=FAIL.
Multi-objective problems report the objective vector of each trial.
Conditional problems use suggest_categorical for the branch and branch-specific names for its parameters,
e.g. "model.svm.C" (the same flat paths Sweepboard uses).
"""

import argparse
import json
import math
import os
import sys
import time
import warnings

warnings.filterwarnings("ignore")

import numpy as np  # noqa: E402
import optuna  # noqa: E402
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution  # noqa: E402
from optuna.trial import TrialState, create_trial  # noqa: E402

optuna.logging.set_verbosity(optuna.logging.ERROR)

PI = math.pi
BRANIN_MIN = 0.39788735772973816
HARTMANN3_MIN = -3.862779787332663

# --------------------------------------------------------------------------------------------
# Test functions


def branin(x1, x2):
    b = 5.1 / (4 * PI * PI)
    c = 5 / PI
    t = 1 / (8 * PI)
    return (x2 - b * x1 * x1 + c * x1 - 6) ** 2 + 10 * (1 - t) * math.cos(x1) + 10


def camel6(x1, x2):
    return (4 - 2.1 * x1 * x1 + x1 ** 4 / 3) * x1 * x1 + x1 * x2 + (-4 + 4 * x2 * x2) * x2 * x2


H_ALPHA = [1.0, 1.2, 3.0, 3.2]
H3_A = [[3, 10, 30], [0.1, 10, 35], [3, 10, 30], [0.1, 10, 35]]
H3_P = [[1e-4 * v for v in r] for r in [[3689, 1170, 2673], [4699, 4387, 7470], [1091, 8732, 5547], [381, 5743, 8828]]]
H6_A = [
    [10, 3, 17, 3.5, 1.7, 8],
    [0.05, 10, 17, 0.1, 8, 14],
    [3, 3.5, 1.7, 10, 17, 8],
    [17, 8, 0.05, 10, 0.1, 14],
]
H6_P = [
    [1e-4 * v for v in r]
    for r in [
        [1312, 1696, 5569, 124, 8283, 5886],
        [2329, 4135, 8307, 3736, 1004, 9991],
        [2348, 1451, 3522, 2883, 3047, 6650],
        [4047, 8828, 8732, 5743, 1091, 381],
    ]
]


def hartmann(x, A, P):
    s = 0.0
    for i in range(4):
        inner = 0.0
        for j in range(len(x)):
            inner += A[i][j] * (x[j] - P[i][j]) ** 2
        s += H_ALPHA[i] * math.exp(-inner)
    return -s


def hartmann3(x):
    return hartmann(x, H3_A, H3_P)


def hartmann6(x):
    return hartmann(x, H6_A, H6_P)


def rosenbrock(x):
    s = 0.0
    for i in range(len(x) - 1):
        s += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2
    return s


def ackley(x):
    d = len(x)
    s1 = 0.0
    s2 = 0.0
    for v in x:
        s1 += v * v
        s2 += math.cos(2 * PI * v)
    return -20 * math.exp(-0.2 * math.sqrt(s1 / d)) - math.exp(s2 / d) + 20 + math.e


def levy(x):
    d = len(x)
    w = [1 + (v - 1) / 4 for v in x]
    s = math.sin(PI * w[0]) ** 2
    for i in range(d - 1):
        s += (w[i] - 1) ** 2 * (1 + 10 * math.sin(PI * w[i] + 1) ** 2)
    wd = w[d - 1]
    s += (wd - 1) ** 2 * (1 + math.sin(2 * PI * wd) ** 2)
    return s


def rastrigin(x):
    s = 10.0 * len(x)
    for v in x:
        s += v * v - 10 * math.cos(2 * PI * v)
    return s


def griewank(x):
    s = 0.0
    p = 1.0
    for i in range(len(x)):
        s += x[i] ** 2 / 4000
        p *= math.cos(x[i] / math.sqrt(i + 1))
    return s - p + 1


def styblinski(x):
    s = 0.0
    for v in x:
        s += v ** 4 - 16 * v ** 2 + 5 * v
    return s / 2


def sphere(x):
    s = 0.0
    for v in x:
        s += v * v
    return s


# Grown suite (issue 10)


def michalewicz(x, m=10):
    s = 0.0
    for i in range(len(x)):
        s += math.sin(x[i]) * math.sin(((i + 1) * x[i] * x[i]) / PI) ** (2 * m)
    return -s


SCHWEFEL_C = 418.9828872724338


def schwefel(x):
    s = 0.0
    for v in x:
        s += v * math.sin(math.sqrt(abs(v)))
    return SCHWEFEL_C * len(x) - s


SHEKEL_A = [[4, 4, 4, 4], [1, 1, 1, 1], [8, 8, 8, 8], [6, 6, 6, 6], [3, 7, 3, 7], [2, 9, 2, 9], [5, 5, 3, 3], [8, 1, 8, 1], [6, 2, 6, 2], [7, 3.6, 7, 3.6]]
SHEKEL_C = [0.1, 0.2, 0.2, 0.4, 0.4, 0.6, 0.3, 0.7, 0.5, 0.5]


def shekel10(x):
    s = 0.0
    for i in range(10):
        d = 0.0
        for j in range(4):
            d += (x[j] - SHEKEL_A[i][j]) ** 2
        s += 1 / (d + SHEKEL_C[i])
    return -s


def goldstein_price(x1, x2):
    a = 1 + (x1 + x2 + 1) ** 2 * (19 - 14 * x1 + 3 * x1 * x1 - 14 * x2 + 6 * x1 * x2 + 3 * x2 * x2)
    b = 30 + (2 * x1 - 3 * x2) ** 2 * (18 - 32 * x1 + 12 * x1 * x1 + 48 * x2 - 36 * x1 * x2 + 27 * x2 * x2)
    return a * b


def powell(x):
    s = 0.0
    for i in range(0, len(x) - 3, 4):
        a, b, c, d = x[i], x[i + 1], x[i + 2], x[i + 3]
        s += (a + 10 * b) ** 2 + 5 * (c - d) ** 2 + (b - 2 * c) ** 4 + 10 * (a - d) ** 4
    return s


def zakharov(x):
    s1 = 0.0
    s2 = 0.0
    for i in range(len(x)):
        s1 += x[i] ** 2
        s2 += 0.5 * (i + 1) * x[i]
    return s1 + s2 ** 2 + s2 ** 4


def dixon_price(x):
    s = (x[0] - 1) ** 2
    for i in range(1, len(x)):
        s += (i + 1) * (2 * x[i] ** 2 - x[i - 1]) ** 2
    return s


def eggholder(x1, x2):
    return -(x2 + 47) * math.sin(math.sqrt(abs(x2 + x1 / 2 + 47))) - x1 * math.sin(math.sqrt(abs(x1 - (x2 + 47))))


def rotated_ellipsoid(x):
    d = len(x)
    z = [v - 1.5 * (1 if i % 2 == 0 else -1) for i, v in enumerate(x)]
    for i in range(d - 1):
        th = 0.5 + 0.3 * i
        c = math.cos(th)
        s = math.sin(th)
        a = z[i]
        b = z[i + 1]
        z[i] = c * a - s * b
        z[i + 1] = s * a + c * b
    f = 0.0
    for i in range(d):
        f += 10 ** ((6 * i) / (d - 1)) * z[i] ** 2
    return f


def _zdt_g(x):
    s = 0.0
    for i in range(1, len(x)):
        s += x[i]
    return 1 + (9 * s) / (len(x) - 1)


def zdt1(x):
    g = _zdt_g(x)
    return [x[0], g * (1 - math.sqrt(x[0] / g))]


def zdt2(x):
    g = _zdt_g(x)
    return [x[0], g * (1 - (x[0] / g) ** 2)]


def zdt3(x):
    g = _zdt_g(x)
    h = x[0] / g
    return [x[0], g * (1 - math.sqrt(h) - h * math.sin(10 * PI * x[0]))]


def dtlz2(x):
    g = 0.0
    for i in range(1, len(x)):
        g += (x[i] - 0.5) ** 2
    t = (x[0] * PI) / 2
    return [(1 + g) * math.cos(t), (1 + g) * math.sin(t)]


# Grown multi-objective suite (problems.ts has the definitions): ZDT4, ZDT6, DTLZ1/2/7 with 3 objectives.
def zdt4(x):
    g = 1 + 10 * (len(x) - 1)
    for i in range(1, len(x)):
        g += x[i] ** 2 - 10 * math.cos(4 * PI * x[i])
    return [x[0], g * (1 - math.sqrt(x[0] / g))]


def zdt6(x):
    s = 0.0
    for i in range(1, len(x)):
        s += x[i]
    g = 1 + 9 * (s / (len(x) - 1)) ** 0.25
    f1 = 1 - math.exp(-4 * x[0]) * math.sin(6 * PI * x[0]) ** 6
    return [f1, g * (1 - (f1 / g) ** 2)]


def dtlz1x3(x):
    g = 0.0
    for i in range(2, len(x)):
        g += (x[i] - 0.5) ** 2 - math.cos(20 * PI * (x[i] - 0.5))
    g = 100 * (len(x) - 2 + g)
    h = 0.5 * (1 + g)
    return [h * x[0] * x[1], h * x[0] * (1 - x[1]), h * (1 - x[0])]


def dtlz2x3(x):
    g = 0.0
    for i in range(2, len(x)):
        g += (x[i] - 0.5) ** 2
    a = (x[0] * PI) / 2
    b = (x[1] * PI) / 2
    return [(1 + g) * math.cos(a) * math.cos(b), (1 + g) * math.cos(a) * math.sin(b), (1 + g) * math.sin(a)]


def dtlz7x3(x):
    s = 0.0
    for i in range(2, len(x)):
        s += x[i]
    g = 1 + (9 * s) / (len(x) - 2)
    h = 3.0
    for j in range(2):
        h -= (x[j] / (1 + g)) * (1 + math.sin(3 * PI * x[j]))
    return [x[0], x[1], (1 + g) * h]


class ProblemFailure(Exception):
    """Raised by an objective in a failing region (the trial fails: tell(state=FAIL))."""


# --------------------------------------------------------------------------------------------
# Problems: spec (same format as ParamSpec in problems.ts), objective over flat params, f*


def fl(low, high, log=False, step=None):
    s = {"type": "float", "low": low, "high": high}
    if log:
        s["log"] = True
    if step is not None:
        s["step"] = step
    return s


def it(low, high, log=False):
    s = {"type": "int", "low": low, "high": high}
    if log:
        s["log"] = True
    return s


def box(d, low, high, prefix="x"):
    return {f"{prefix}{i}": fl(low, high) for i in range(1, d + 1)}


def vec(p, d, prefix="x"):
    return [p[f"{prefix}{i}"] for i in range(1, d + 1)]


PROBLEMS = {}


def synthetic(pid, spec, f, fstar):
    d = len(spec)
    PROBLEMS[pid] = {"family": "continuous", "kind": "continuous", "spec": spec, "objective": lambda p: f(vec(p, d)), "fStar": fstar}


synthetic("branin", {"x1": fl(-5, 10), "x2": fl(0, 15)}, lambda x: branin(x[0], x[1]), BRANIN_MIN)
synthetic("camel6", {"x1": fl(-3, 3), "x2": fl(-2, 2)}, lambda x: camel6(x[0], x[1]), -1.0316284534898774)
synthetic("hartmann3", box(3, 0, 1), hartmann3, HARTMANN3_MIN)
synthetic("hartmann6", box(6, 0, 1), hartmann6, -3.3223680114155147)
synthetic("rosenbrock5", box(5, -5, 10), rosenbrock, 0)
synthetic("ackley5", box(5, -32.768, 32.768), ackley, 0)
synthetic("ackley10", box(10, -32.768, 32.768), ackley, 0)
synthetic("levy10", box(10, -10, 10), levy, 0)
synthetic("rastrigin10", box(10, -5.12, 5.12), rastrigin, 0)
synthetic("griewank10", box(10, -600, 600), griewank, 0)
synthetic("styblinski8", box(8, -5, 5), styblinski, -39.16616570377141 * 8)
_b20 = {"x1": fl(-5, 10), "x2": fl(0, 15)}
_b20.update({f"x{i}": fl(0, 1) for i in range(3, 21)})
synthetic("branin20", _b20, lambda x: branin(x[0], x[1]), BRANIN_MIN)
synthetic("sphere20", box(20, -5, 5), sphere, 0)

INT_C = [3, -2, 7, 0, -5, 1]
LOG_T = [-4, -1, 0.5, 1.7]
MIXED_OFF = {"sgd": 0.3, "momentum": 0.15, "adam": 0, "rmsprop": 0.05}
MIXED_LR = {"sgd": 1e-1, "momentum": 3e-2, "adam": 1e-3, "rmsprop": 3e-4}


def _intsphere(p):
    s = 0.0
    for i in range(len(INT_C)):
        s += (p[f"x{i + 1}"] - INT_C[i]) ** 2
    return s


def _logquad(p):
    s = 0.0
    for i in range(len(LOG_T)):
        s += (math.log10(p[f"x{i + 1}"]) - LOG_T[i]) ** 2
    return s


def _mixedhpo(p):
    opt = p["opt"]
    return (
        MIXED_OFF[opt]
        + (math.log10(p["lr"]) - math.log10(MIXED_LR[opt])) ** 2
        + 0.1 * (p["layers"] - 3) ** 2
        + 2 * (p["dropout"] - 0.2) ** 2
        + 0.2 * (math.log2(p["batch"]) - 6) ** 2
    )


def _condhpo(p):
    m = p["model"]
    if m == "svm":
        return 0.1 + 0.05 * ((math.log10(p["model.svm.C"]) - 1) ** 2 + (math.log10(p["model.svm.gamma"]) + 2) ** 2)
    if m == "rf":
        return 0.08 + 0.02 * math.log2(p["model.rf.n_estimators"] / 200) ** 2 + 0.005 * (p["model.rf.max_depth"] - 12) ** 2
    if m == "knn":
        return 0.12 + 0.001 * (p["model.knn.k"] - 7) ** 2 + (0.02 if p["model.knn.p"] == 2 else 0)
    raise ValueError(m)


def _condbench(p):
    b = p["branch"]
    if b == "A":
        return branin(p["branch.A.x1"], p["branch.A.x2"]) - BRANIN_MIN + 0.5
    if b == "B":
        return hartmann3(vec(p, 3, "branch.B.x")) - HARTMANN3_MIN
    raise ValueError(b)


PROBLEMS["intsphere"] = {"family": "mixed", "kind": "mixed", "spec": {f"x{i}": it(-10, 10) for i in range(1, 7)}, "objective": _intsphere, "fStar": 0}
PROBLEMS["logquad"] = {"family": "mixed", "kind": "mixed", "spec": {f"x{i}": fl(1e-6, 1e2, log=True) for i in range(1, 5)}, "objective": _logquad, "fStar": 0}
PROBLEMS["stepst"] = {
    "family": "mixed",
    "kind": "mixed",
    "spec": {f"x{i}": fl(-5, 5, step=0.25) for i in range(1, 6)},
    "objective": lambda p: styblinski(vec(p, 5)),
    "fStar": -195.0,
}
PROBLEMS["mixedhpo"] = {
    "family": "mixed",
    "kind": "mixed",
    "spec": {
        "opt": {"type": "cat", "values": ["sgd", "momentum", "adam", "rmsprop"]},
        "lr": fl(1e-5, 1, log=True),
        "layers": it(1, 8),
        "dropout": fl(0, 0.8, step=0.1),
        "batch": it(8, 1024, log=True),
    },
    "objective": _mixedhpo,
    "fStar": 0,
}
PROBLEMS["condhpo"] = {
    "family": "mixed",
    "kind": "conditional",
    "spec": {
        "model": {
            "type": "choice",
            "options": [
                {"value": "svm", "params": {"C": fl(1e-3, 1e3, log=True), "gamma": fl(1e-4, 10, log=True)}},
                {"value": "rf", "params": {"n_estimators": it(10, 500, log=True), "max_depth": it(1, 20)}},
                {"value": "knn", "params": {"k": it(1, 50), "p": {"type": "cat", "values": [1, 2]}}},
            ],
        }
    },
    "objective": _condhpo,
    "fStar": 0.08,
}
PROBLEMS["condbench"] = {
    "family": "mixed",
    "kind": "conditional",
    "spec": {
        "branch": {
            "type": "choice",
            "options": [
                {"value": "A", "params": {"x1": fl(-5, 10), "x2": fl(0, 15)}},
                {"value": "B", "params": box(3, 0, 1)},
            ],
        }
    },
    "objective": _condbench,
    "fStar": 0,
}


# --- grown suite (issue 10) ---------------------------------------------------------------------
synthetic("michalewicz5", box(5, 0, PI), lambda x: michalewicz(x), -4.6876581790881335)
synthetic("schwefel5", box(5, -500, 500), schwefel, 0)
synthetic("shekel10", box(4, 0, 10), shekel10, -10.536409816692034)
synthetic("goldstein", {"x1": fl(-2, 2), "x2": fl(-2, 2)}, lambda x: goldstein_price(x[0], x[1]), 3)
synthetic("powell8", box(8, -4, 5), powell, 0)
synthetic("zakharov10", box(10, -5, 10), zakharov, 0)
synthetic("dixonprice10", box(10, -10, 10), dixon_price, 0)
synthetic("eggholder", box(2, -512, 512), lambda x: eggholder(x[0], x[1]), -959.6406627208507)
synthetic("hartmann6x16", box(16, 0, 1), lambda x: hartmann6(x[:6]), -3.3223680114155147)
synthetic("ellipsoid8r", box(8, -5, 5), rotated_ellipsoid, 0)

INTCAT_T = {"a": [2, 15, 8, 5], "b": [12, 4, 17, 9], "c": [6, 6, 6, 6], "d": [18, 1, 3, 14]}
INTCAT_OFF = {"a": 0.4, "b": 0, "c": 0.8, "d": 0.2}
INTCAT_PEN = {"u": 0.5, "v": 0.25, "w": 0}


def _intcat(p):
    t = INTCAT_T[p["c1"]]
    s = INTCAT_OFF[p["c1"]] + INTCAT_PEN[p["c2"]]
    for i in range(4):
        s += (p[f"x{i + 1}"] - t[i]) ** 2 / 40
    return s


_ic = {f"x{i}": it(0, 20) for i in range(1, 5)}
_ic.update({"c1": {"type": "cat", "values": ["a", "b", "c", "d"]}, "c2": {"type": "cat", "values": ["u", "v", "w"]}})
PROBLEMS["intcat"] = {"family": "mixed", "kind": "mixed", "spec": _ic, "objective": _intcat, "fStar": 0}


def _nestedcond(p):
    m = p["model"]
    if m == "linear":
        return 0.3 + 0.05 * math.log10(p["model.linear.C"]) ** 2
    if m == "tree":
        return 0.12 + 0.004 * (p["model.tree.depth"] - 7) ** 2 + (0.03 if p["model.tree.criterion"] == "gini" else 0)
    if m != "net":
        raise ValueError(m)
    base = 0.01 * (p["model.net.layers"] - 3) ** 2
    o = p["model.net.opt"]
    if o == "sgd":
        return base + 0.06 + 0.1 * (math.log10(p["model.net.opt.sgd.lr"]) + 1.5) ** 2 + 0.5 * (p["model.net.opt.sgd.momentum"] - 0.9) ** 2
    if o == "adam":
        return base + 0.1 * (math.log10(p["model.net.opt.adam.lr"]) + 3) ** 2 + 2 * (p["model.net.opt.adam.beta1"] - 0.9) ** 2
    raise ValueError(o)


PROBLEMS["nestedcond"] = {
    "family": "mixed",
    "kind": "conditional",
    "spec": {
        "model": {
            "type": "choice",
            "options": [
                {"value": "linear", "params": {"C": fl(1e-4, 1e2, log=True)}},
                {"value": "tree", "params": {"depth": it(1, 16), "criterion": {"type": "cat", "values": ["gini", "entropy"]}}},
                {
                    "value": "net",
                    "params": {
                        "layers": it(1, 6),
                        "opt": {
                            "type": "choice",
                            "options": [
                                {"value": "sgd", "params": {"lr": fl(1e-5, 1, log=True), "momentum": fl(0, 0.99)}},
                                {"value": "adam", "params": {"lr": fl(1e-5, 1, log=True), "beta1": fl(0.5, 0.999)}},
                            ],
                        },
                    },
                },
            ],
        }
    },
    "objective": _nestedcond,
    "fStar": 0,
}


# Failing regions next to the optimum (our design).
def _divergelr(p):
    eff = p["lr"] / (1 - p["momentum"])
    if eff > 1:
        raise ProblemFailure("diverged: lr / (1 - momentum) > 1")
    return (math.log10(eff) - math.log10(0.5)) ** 2 + 2 * (p["momentum"] - 0.9) ** 2 + 0.1 * (math.log10(p["wd"]) + 4) ** 2


OOM_LIMIT = 2 ** 19


def _oomcliff(p):
    b, w, l = p["batch"], p["width"], p["layers"]
    if b * w * l > OOM_LIMIT:
        raise ProblemFailure("out of memory: batch * width * layers > 2^19")
    return 0.2 * (math.log2(b) - 8) ** 2 + 0.1 * (math.log2(w) - 9) ** 2 + 0.05 * (l - 6) ** 2


PROBLEMS["divergelr"] = {
    "family": "failing",
    "kind": "mixed",
    "spec": {"lr": fl(1e-5, 1, log=True), "momentum": fl(0, 0.99), "wd": fl(1e-6, 1e-1, log=True)},
    "objective": _divergelr,
    "fStar": 0,
}
PROBLEMS["oomcliff"] = {
    "family": "failing",
    "kind": "mixed",
    "spec": {"batch": it(8, 1024, log=True), "width": it(16, 1024, log=True), "layers": it(1, 8)},
    "objective": _oomcliff,
    "fStar": 0.022841373461084325,
}


# Several objectives: hypervolume against a reference point on the raw objectives.
def multi(pid, d, f, ref, spec=None):
    PROBLEMS[pid] = {"family": "multi", "kind": "continuous", "spec": spec or box(d, 0, 1), "objectives": lambda p: f(vec(p, d)), "fStar": None, "hvRef": ref}


multi("zdt1", 6, zdt1, [11, 11])
multi("zdt2", 6, zdt2, [11, 11])
multi("zdt3", 6, zdt3, [11, 11])
multi("dtlz2", 6, dtlz2, [3, 3])
multi("zdt4", 6, zdt4, [1.1, 250], {**box(6, -5, 5), "x1": fl(0, 1)})
multi("zdt6", 6, zdt6, [1.1, 11])
multi("dtlz1-3", 6, dtlz1x3, [500, 500, 500])
multi("dtlz2-3", 6, dtlz2x3, [3, 3, 3])
multi("dtlz7-3", 6, dtlz7x3, [1.1, 1.1, 33])


# HPO lookup tables (hpo/grids.json, built into .cache/hpo/ by hpo/build_tables.py); the same lookup as hpo/tables.ts.
HPO_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hpo")
TABLE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".cache", "hpo")
with open(os.path.join(HPO_DIR, "grids.json")) as _f:
    GRIDS = json.load(_f)["tables"]
_TABLES = {}


def load_table(tid):
    if tid not in _TABLES:
        with open(os.path.join(TABLE_DIR, f"{tid}.json")) as f:
            _TABLES[tid] = json.load(f)
    return _TABLES[tid]


def axis_spec(a):
    v = a["values"]
    k = a["kind"]
    if k == "cat":
        return {"type": "cat", "values": v}
    if k == "int":
        return it(v[0], v[-1])
    if k == "logint":
        return it(v[0], v[-1], log=True)
    if k == "logfloat":
        return fl(v[0], v[-1], log=True)
    if k == "float":
        return fl(v[0], v[-1])
    raise ValueError(k)


def axis_index(a, v):
    """cat/int: exact; logint/logfloat: nearest in log scale (geometric midpoints); float: arithmetic midpoints."""
    g = a["values"]
    if a["kind"] in ("cat", "int"):
        for i, x in enumerate(g):
            if x == v and type(x) is not bool:
                return i
        raise ValueError(f"{a['name']}: {v!r} not on the grid {g}")
    i = 0
    for j in range(len(g) - 1):
        mid = (g[j] + g[j + 1]) / 2 if a["kind"] == "float" else math.sqrt(g[j] * g[j + 1])
        if v >= mid:
            i = j + 1
    return i


def lookup(t, p):
    flat = 0
    for a in t["axes"]:
        flat = flat * len(a["values"]) + axis_index(a, p[a["name"]])
    return t["values"][flat]


def _hpo(tid):
    g = GRIDS[tid]
    PROBLEMS[tid] = {
        "family": "hpo",
        "kind": "mixed" if any(a["kind"] == "cat" for a in g["axes"]) else "continuous",
        "spec": {a["name"]: axis_spec(a) for a in g["axes"]},
        "objective": lambda p: lookup(load_table(tid), p),
        "fStar": lambda: min(load_table(tid)["values"]),
    }


for _tid in GRIDS:
    _hpo(_tid)


def evaluate(prob, p):
    """Every objective value at p (a list), or None where the objective fails."""
    try:
        if "objectives" in prob:
            return prob["objectives"](p)
        return [prob["objective"](p)]
    except ProblemFailure:
        return None


def fstar(prob):
    f = prob["fStar"]
    return f() if callable(f) else f


def suggest(trial, spec, prefix="", out=None):
    """Define-by-run sampling of a spec; nested params get the flat path <choice>.<option>.<name>."""
    if out is None:
        out = {}
    for name, s in spec.items():
        path = prefix + name
        t = s["type"]
        if t == "float":
            out[path] = trial.suggest_float(path, s["low"], s["high"], log=s.get("log", False), step=s.get("step"))
        elif t == "int":
            out[path] = trial.suggest_int(path, s["low"], s["high"], log=s.get("log", False))
        elif t == "cat":
            out[path] = trial.suggest_categorical(path, s["values"])
        elif t == "choice":
            v = trial.suggest_categorical(path, [o["value"] for o in s["options"]])
            out[path] = v
            opt = next(o for o in s["options"] if o["value"] == v)
            suggest(trial, opt["params"], f"{path}.{v}.", out)
        else:
            raise ValueError(t)
    return out


def flat_distributions(spec):
    """Distributions of a flat (non-conditional) spec, for study.ask(...) and create_trial(...)."""
    d = {}
    for name, s in spec.items():
        t = s["type"]
        if t == "float":
            d[name] = FloatDistribution(s["low"], s["high"], log=s.get("log", False), step=s.get("step"))
        elif t == "int":
            d[name] = IntDistribution(s["low"], s["high"], log=s.get("log", False))
        elif t == "cat":
            d[name] = CategoricalDistribution(s["values"])
        else:
            raise ValueError("speed problems must be flat")
    return d


# --------------------------------------------------------------------------------------------
# Optuna runs


def make_sampler(arm, seed, problem=None):
    """The Optuna arms. tpe-mv is multivariate, with group=True on conditional problems (where Optuna needs it)."""
    if arm == "tpe":
        return optuna.samplers.TPESampler(seed=seed)
    if arm == "tpe-mv":
        group = problem is not None and PROBLEMS[problem]["kind"] == "conditional"
        return optuna.samplers.TPESampler(multivariate=True, group=group, seed=seed)
    if arm == "tpe-mvg":
        return optuna.samplers.TPESampler(multivariate=True, group=True, seed=seed)
    if arm == "cmaes":
        return optuna.samplers.CmaEsSampler(seed=seed)
    if arm == "nsga2":
        return optuna.samplers.NSGAIISampler(seed=seed)
    if arm == "mo-tpe":
        return optuna.samplers.TPESampler(seed=seed)  # with several directions: Optuna's multi-objective TPE
    if arm == "random":
        return optuna.samplers.RandomSampler(seed=seed)
    raise ValueError(f"unknown arm {arm}")


def n_objectives(prob):
    return len(prob["hvRef"]) if "objectives" in prob else 1


def run_one(problem, arm, seed, trials):
    """One run; values[i] = f (a number), the objective vector (a list) or None when the trial failed."""
    prob = PROBLEMS[problem]
    n = n_objectives(prob)
    sampler = make_sampler(arm, seed, problem)
    if n == 1:
        study = optuna.create_study(direction="minimize", sampler=sampler)
    else:
        study = optuna.create_study(directions=["minimize"] * n, sampler=sampler)
    values = []
    t_start = time.perf_counter()
    for _ in range(trials):
        t = study.ask()
        params = suggest(t, prob["spec"])
        v = evaluate(prob, params)
        if v is None:
            study.tell(t, state=TrialState.FAIL)
            values.append(None)
        else:
            study.tell(t, v[0] if n == 1 else v)
            values.append(v[0] if n == 1 else v)
    total = time.perf_counter() - t_start
    return {"impl": "optuna", "problem": problem, "arm": arm, "seed": seed, "trials": trials, "values": values, "wall_s": total}


def parse_seeds(s):
    out = []
    for part in s.split(","):
        if "-" in part:
            a, b = part.split("-")
            out.extend(range(int(a), int(b) + 1))
        elif part:
            out.append(int(part))
    return out


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def speed(problem, arms, sizes, reps, seed=0):
    prob = PROBLEMS[problem]
    n = n_objectives(prob)
    dists = flat_distributions(prob["spec"])
    for arm in arms:
        for size, rep in zip(sizes, reps):
            rng = np.random.RandomState(12345 + size)
            sampler = make_sampler(arm, seed, problem)
            if n == 1:
                study = optuna.create_study(direction="minimize", sampler=sampler)
            else:
                study = optuna.create_study(directions=["minimize"] * n, sampler=sampler)
            pre = []
            for _ in range(size):
                params = {k: float(rng.uniform(d.low, d.high)) for k, d in dists.items()}
                v = evaluate(prob, params)
                if n == 1:
                    pre.append(create_trial(params=params, distributions=dists, value=v[0]))
                else:
                    pre.append(create_trial(params=params, distributions=dists, values=v))
            study.add_trials(pre)
            times = []
            for r in range(rep + 1):  # the first ask is an untimed warm-up
                t0 = time.perf_counter()
                t = study.ask(dists)
                dt = time.perf_counter() - t0
                v = evaluate(prob, t.params)
                study.tell(t, v[0] if n == 1 else v)
                if r > 0:
                    times.append(dt * 1000)
            emit({"impl": "optuna", "problem": problem, "arm": arm, "size": size, "ms": times})


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["run", "serve", "eval", "spec", "speed"])
    ap.add_argument("--problems", default=",".join(PROBLEMS))
    ap.add_argument("--problem", default="ackley10")
    ap.add_argument("--arms", default="tpe,random")
    ap.add_argument("--seeds", default="0-29")
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--reps", default="30,30,3")
    a = ap.parse_args()

    if a.mode == "run":
        for pid in a.problems.split(","):
            for arm in a.arms.split(","):
                for seed in parse_seeds(a.seeds):
                    emit(run_one(pid, arm, seed, a.trials))
    elif a.mode == "serve":
        for line in sys.stdin:
            line = line.strip()
            if not line:
                continue
            job = json.loads(line)
            try:
                res = run_one(job["problem"], job["arm"], int(job["seed"]), int(job["trials"]))
            except Exception as e:  # report, keep serving
                res = {"impl": "optuna", "problem": job.get("problem"), "arm": job.get("arm"), "seed": job.get("seed"), "error": repr(e)}
            res["job"] = job.get("id")
            emit(res)
    elif a.mode == "eval":
        for line in sys.stdin:
            line = line.strip()
            if not line:
                continue
            req = json.loads(line)
            prob = PROBLEMS[req["problem"]]
            emit({"problem": req["problem"], "values": [evaluate(prob, p) for p in req["points"]]})
    elif a.mode == "spec":
        emit(
            {
                "problems": {
                    k: {"family": v["family"], "kind": v["kind"], "spec": v["spec"], "fStar": fstar(v), "nObjectives": n_objectives(v), "hvRef": v.get("hvRef")}
                    for k, v in PROBLEMS.items()
                }
            }
        )
    elif a.mode == "speed":
        speed(a.problem, a.arms.split(","), [int(x) for x in a.sizes.split(",")], [int(x) for x in a.reps.split(",")])


if __name__ == "__main__":
    main()
