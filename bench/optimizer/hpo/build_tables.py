#!/usr/bin/python3
"""Builds the HPO lookup tables of the optimizer benchmark (bench/optimizer/hpo/grids.json).

For every table: every point of its grid (the product of its axes) is evaluated by 3-fold cross-validation
(StratifiedKFold for classifiers, KFold for regressors; shuffle=True, random_state=0; every model with
random_state=0 where it has one; n_jobs=1) on a data set bundled with scikit-learn (nothing is downloaded), and
the mean error (1 - accuracy) or mean squared error is stored. Output: one JSON file per table,
bench/optimizer/.cache/hpo/<id>.json = {"id", "dataset", "model", "metric", "axes", "values" (row-major over
the axes, the last axis fastest), "sklearn", "seconds"}. The tables are generated, never committed.

  /usr/bin/python3 bench/optimizer/hpo/build_tables.py                 # build missing or stale tables, 2 at once (--jobs)
  /usr/bin/python3 bench/optimizer/hpo/build_tables.py --force --tables svc_digits
  /usr/bin/python3 bench/optimizer/hpo/build_tables.py --list          # ids and grid sizes

Progress goes to stderr; one JSON line per table built to stdout.
"""

import os

# One thread per process: the tables are built 2 at once on 2 cores, and HistGradientBoosting (OpenMP) and numpy's
# BLAS would otherwise each start a thread per core and oversubscribe the machine (8x slower measured).
for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_v] = "1"

import argparse  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
GRIDS = os.path.join(HERE, "grids.json")
OUT_DIR = os.path.join(os.path.dirname(HERE), ".cache", "hpo")


def load_grids():
    with open(GRIDS) as f:
        return json.load(f)["tables"]


def table_path(tid, out_dir=OUT_DIR):
    return os.path.join(out_dir, f"{tid}.json")


def is_current(tid, spec, out_dir=OUT_DIR):
    """A table is current when its file exists and was built from the same definition."""
    try:
        with open(table_path(tid, out_dir)) as f:
            t = json.load(f)
    except (OSError, ValueError):
        return False
    size = 1
    for a in spec["axes"]:
        size *= len(a["values"])
    same = all(t.get(k) == spec[k] for k in ("dataset", "model", "metric", "axes"))
    return same and len(t.get("values", [])) == size


def dataset(name):
    from sklearn import datasets

    loaders = {
        "digits": datasets.load_digits,
        "breast_cancer": datasets.load_breast_cancer,
        "wine": datasets.load_wine,
        "iris": datasets.load_iris,
        "diabetes": datasets.load_diabetes,
    }
    return loaders[name](return_X_y=True)


def estimator(model, p):
    from sklearn import ensemble, linear_model, neighbors, neural_network, pipeline, preprocessing, svm

    def feat(v):
        return 1.0 if v == "all" else v

    scaled = lambda est: pipeline.make_pipeline(preprocessing.StandardScaler(), est)  # noqa: E731
    if model == "svc":
        return scaled(svm.SVC(C=p["C"], gamma=p["gamma"], kernel="rbf"))
    if model == "random_forest":
        return ensemble.RandomForestClassifier(
            n_estimators=p["n_estimators"], max_depth=p["max_depth"], min_samples_leaf=p["min_samples_leaf"],
            max_features=feat(p["max_features"]), random_state=0, n_jobs=1,
        )
    if model == "extra_trees":
        return ensemble.ExtraTreesClassifier(
            n_estimators=p["n_estimators"], max_depth=p["max_depth"], min_samples_leaf=p["min_samples_leaf"],
            max_features=feat(p["max_features"]), random_state=0, n_jobs=1,
        )
    if model == "hist_gradient_boosting":
        return ensemble.HistGradientBoostingClassifier(
            learning_rate=p["learning_rate"], max_iter=p["max_iter"], max_leaf_nodes=p["max_leaf_nodes"],
            early_stopping=False, random_state=0,
        )
    if model == "gradient_boosting":
        return ensemble.GradientBoostingRegressor(
            learning_rate=p["learning_rate"], n_estimators=p["n_estimators"], max_leaf_nodes=p["max_leaf_nodes"], random_state=0,
        )
    if model == "mlp":
        return scaled(neural_network.MLPClassifier(
            hidden_layer_sizes=(p["hidden"],), alpha=p["alpha"], learning_rate_init=p["learning_rate_init"],
            max_iter=200, random_state=0,
        ))
    if model == "knn":
        return scaled(neighbors.KNeighborsClassifier(n_neighbors=p["k"], weights=p["weights"], p=p["p"], n_jobs=1))
    if model == "elastic_net":
        return scaled(linear_model.ElasticNet(alpha=p["alpha"], l1_ratio=p["l1_ratio"], max_iter=10000, random_state=0))
    raise ValueError(f"unknown model {model}")


def build(tid, spec):
    import numpy as np
    from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score

    X, y = dataset(spec["dataset"])
    regression = spec["metric"] == "mse"
    cv = (KFold if regression else StratifiedKFold)(n_splits=3, shuffle=True, random_state=0)
    scoring = "neg_mean_squared_error" if regression else "accuracy"
    names = [a["name"] for a in spec["axes"]]
    grid = list(itertools.product(*[a["values"] for a in spec["axes"]]))
    values = []
    t0 = time.time()
    for i, combo in enumerate(grid):
        p = dict(zip(names, combo))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # convergence warnings of MLP / ElasticNet at extreme settings
            s = cross_val_score(estimator(spec["model"], p), X, y, cv=cv, scoring=scoring, n_jobs=1)
        v = float(-np.mean(s)) if regression else float(1.0 - np.mean(s))
        values.append(v)
        if (i + 1) % 50 == 0:
            sys.stderr.write(f"  {tid}: {i + 1}/{len(grid)} ({time.time() - t0:.0f}s)\n")
    return values, time.time() - t0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tables", default="")
    ap.add_argument("--force", action="store_true")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--out", default=OUT_DIR)
    ap.add_argument("--jobs", type=int, default=2, help="tables built at once, one process each (default 2)")
    a = ap.parse_args()
    grids = load_grids()
    ids = [t for t in a.tables.split(",") if t] or list(grids)
    for tid in ids:
        if tid not in grids:
            sys.exit(f"unknown table {tid}; known: {', '.join(grids)}")
    if a.list:
        for tid in ids:
            n = 1
            for ax in grids[tid]["axes"]:
                n *= len(ax["values"])
            print(f"{tid}: {grids[tid]['model']} on {grids[tid]['dataset']}, {n} grid points")
        return
    os.makedirs(a.out, exist_ok=True)
    todo = [tid for tid in ids if a.force or not is_current(tid, grids[tid], a.out)]
    if a.jobs > 1 and len(todo) > 1:
        from concurrent.futures import ProcessPoolExecutor

        # one table per process (each model with n_jobs=1), the longest first
        todo.sort(key=lambda t: -est_seconds(grids[t]))
        with ProcessPoolExecutor(max_workers=a.jobs) as ex:
            for line in ex.map(build_and_write, todo, [grids[t] for t in todo], [a.out] * len(todo)):
                print(line, flush=True)
    else:
        for tid in todo:
            print(build_and_write(tid, grids[tid], a.out), flush=True)


# Rough seconds per grid point on one idle core (3 folds), only to start the longest tables first.
MODEL_COST = {
    "random_forest": 0.23, "hist_gradient_boosting": 0.5, "gradient_boosting": 0.25, "extra_trees": 0.08,
    "svc": 0.4, "knn": 0.5, "mlp": 0.15, "elastic_net": 0.02,
}


def est_seconds(spec):
    n = 1
    for a in spec["axes"]:
        n *= len(a["values"])
    return n * MODEL_COST.get(spec["model"], 0.3)


def build_and_write(tid, spec, out_dir):
    import sklearn

    sys.stderr.write(f"building HPO table {tid} ({spec['model']} on {spec['dataset']}, 3-fold CV) ...\n")
    values, secs = build(tid, spec)
    out = {
        "id": tid,
        "dataset": spec["dataset"],
        "model": spec["model"],
        "metric": spec["metric"],
        "axes": spec["axes"],
        "values": values,
        "sklearn": sklearn.__version__,
        "seconds": round(secs, 2),
    }
    tmp = table_path(tid, out_dir) + ".tmp"
    with open(tmp, "w") as f:
        json.dump(out, f)
    os.replace(tmp, table_path(tid, out_dir))
    sys.stderr.write(f"  {tid}: {len(values)} points in {secs:.1f}s, min {min(values):.6g}, max {max(values):.6g}\n")
    return json.dumps({"id": tid, "points": len(values), "seconds": round(secs, 2)})


if __name__ == "__main__":
    main()
