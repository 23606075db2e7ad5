"""Optuna 3.1 side of bench/server/loop.ts: the same ask / report x10 / tell loop on Optuna's RDB storage.

Usage: /usr/bin/python3 bench/server/optuna_loop.py --trials 1000 (--db /tmp/x.db | --storage URL) [--pruner default|nop]
--db is a SQLite file; --storage any SQLAlchemy URL Optuna's RDBStorage takes (postgresql+psycopg2://user@host:port/db).
Prints one JSON object on stdout: {"ms": [per-trial wall ms...], "cpu_ms": [per-trial CPU ms of this process...], "would_prune": n, "import_s": s, "optuna": version}.
Progress goes to stderr every 100 trials.
"""

import argparse
import json
import sys
import time

t_import = time.perf_counter()
import optuna  # noqa: E402

IMPORT_S = time.perf_counter() - t_import


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--trials", type=int, default=1000)
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--db", help="a SQLite file")
    where.add_argument("--storage", help="an RDB storage URL, e.g. postgresql+psycopg2://postgres@127.0.0.1:5432/optuna")
    ap.add_argument("--dims", type=int, default=5)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--pruner", choices=["default", "nop"], default="default")
    args = ap.parse_args()

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    # pruner=None is create_study's default: MedianPruner(), so should_prune() really evaluates it.
    pruner = optuna.pruners.NopPruner() if args.pruner == "nop" else None
    study = optuna.create_study(
        storage=args.storage or f"sqlite:///{args.db}",
        sampler=optuna.samplers.TPESampler(seed=0),
        pruner=pruner,
        direction="minimize",
    )
    times = []
    cpu = []
    would_prune = 0
    for t in range(args.trials):
        t0 = time.perf_counter()
        c0 = time.process_time()
        trial = study.ask()
        xs = [trial.suggest_float(f"x{i}", 0.0, 1.0) for i in range(args.dims)]
        f = sum(x * x for x in xs)
        for step in range(1, args.steps + 1):
            trial.report(f + (args.steps - step) * 0.1, step)
            # Asked like our shouldPrune answer; the loop goes on either way so both sides do the same work.
            if trial.should_prune():
                would_prune += 1
        study.tell(trial, f)
        times.append((time.perf_counter() - t0) * 1000.0)
        cpu.append((time.process_time() - c0) * 1000.0)
        if (t + 1) % 100 == 0:
            print(f"optuna: {t + 1} trials, last {times[-1]:.1f} ms", file=sys.stderr, flush=True)
    print(json.dumps({"ms": times, "cpu_ms": cpu, "would_prune": would_prune, "import_s": IMPORT_S, "optuna": optuna.__version__}))


if __name__ == "__main__":
    main()
