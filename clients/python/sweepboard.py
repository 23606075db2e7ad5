"""Sweepboard client: ask for trials, report metrics, tell results. Standard library only (Python 3.8+).

    import sweepboard
    client = sweepboard.Client()                 # SWEEPBOARD_URL / SWEEPBOARD_TOKEN, or pass them
    trial = client.ask(3)                        # raises SweepboardError("budget_exhausted", ...) when done
    for step in range(10):
        loss = train_one_epoch(**trial.params)
        if trial.report({"loss": loss}, step=step):   # True: the pruner wants this trial stopped
            trial.tell(state="pruned", step=step)
            break
    else:
        trial.tell(loss)                         # several objectives: trial.tell(values=[loss, acc])

A trial from ask() heartbeats in a background thread until it is told, so an epoch may take longer
than the sweep's heartbeatGraceSec. Calls ride out a server that is down or restarting (and a full
disk, HTTP 507) for as long as it takes, printing one line per outage; Client(max_wait=S) caps that.

Under `sweepboard agent`, `Client.current_trial()` returns the trial the agent started this process for
(the agent tells the result itself from stdout and heartbeats for it, so a script only needs report()
for extra metrics).
"""

import json
import math
import os
import random
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
import warnings
from http.client import HTTPException

try:  # type hints in comments, so the module still runs on Python 3.8 without typing extras
    from typing import Any, Dict, Iterator, Optional, Sequence  # noqa: F401
except ImportError:  # pragma: no cover
    pass

__all__ = ["Client", "Trial", "SweepboardError", "nest_params"]
__version__ = "0.1.0"

DEFAULT_URL = "http://127.0.0.1:3000"


class SweepboardError(Exception):
    """A refusal from the server (4xx: code such as "budget_exhausted", "wrong_state", "unauthorized";
    a 5xx other than an outage once server_error_wait is over), or code "unreachable" (status None)
    when the server stayed down past max_wait."""

    def __init__(self, code, message, status=None):
        super().__init__("%s: %s" % (code, message))
        self.code = code
        self.message = message
        self.status = status


class Trial(object):
    """One trial: id (for the API), number (shown in the UI), params (flat, dotted names)."""

    def __init__(self, client, id, number, params, experiment_id=None):
        # type: (Client, int, int, Dict[str, Any], Optional[int]) -> None
        self.client = client
        self.id = id
        self.number = number
        self.params = params
        self.experiment_id = experiment_id
        self.told = False

    def __enter__(self):
        # type: () -> Trial
        return self

    def __exit__(self, exc_type, exc, tb):
        # type: (Any, Any, Any) -> bool
        """`with client.ask(1) as trial:` fails the trial when the block raises (the exception goes on) and
        when it ends without telling a result; a told trial is left as it is."""
        if self.told:
            return False
        if exc is not None:
            kind = "infrastructure" if isinstance(exc, KeyboardInterrupt) else "program"
            self.tell(state="failed", error="%s: %s" % (type(exc).__name__, exc), kind=kind)
        else:
            self.tell(state="failed", error="the with block ended without trial.tell()", kind="program")
        return False

    def __repr__(self):
        return "Trial(id=%r, number=%r, params=%r)" % (self.id, self.number, self.params)

    @property
    def nested_params(self):
        return nest_params(self.params)

    def report(self, metrics, step=None):
        return self.client.report(self.id, metrics, step=step)

    def should_prune(self):
        return self.client.should_prune(self.id)

    def heartbeat(self):
        return self.client.heartbeat(self.id)

    def tell(self, value=None, values=None, state="complete", error=None, step=None, kind=None):
        # type: (Optional[float], Optional[Sequence[float]], str, Optional[str], Optional[int], Optional[str]) -> Optional[Dict[str, Any]]
        answer = self.client.tell(self.id, value=value, values=values, state=state, error=error, step=step, kind=kind)
        self.told = True
        return answer


# Answers that mean "the server cannot take calls right now", not "no": retried for max_wait.
_OUTAGE_STATUS = {502: "unreachable", 503: "unreachable", 504: "unreachable", 507: "storage_full", 429: "rate_limited"}


class Client(object):
    """max_wait: seconds to wait out an outage (None: for as long as it takes). server_error_wait: how
    long other 5xx (a server bug) are retried. heartbeat: trials from ask() heartbeat every
    heartbeat_interval seconds (at most a third of the sweep's heartbeatGraceSec) until told."""

    def __init__(self, url=None, token=None, timeout=30.0, max_wait=None, retry_base=0.25, retry_cap=30.0,
                 server_error_wait=120.0, heartbeat=True, heartbeat_interval=10.0, log=None):
        self.url = (url or os.environ.get("SWEEPBOARD_URL") or DEFAULT_URL).rstrip("/")
        self.token = token if token is not None else os.environ.get("SWEEPBOARD_TOKEN") or None
        self.timeout = timeout
        self.max_wait = max_wait
        self.retry_base = retry_base
        self.retry_cap = retry_cap
        self.server_error_wait = server_error_wait
        self.heartbeat_enabled = heartbeat
        self.heartbeat_interval = heartbeat_interval
        self._log = log or (lambda text: sys.stderr.write(text + "\n"))
        self._prune = {}
        self._steps = {}
        self._beats = {}
        self._grace = {}
        self._outages = {}
        self._lock = threading.Lock()

    @classmethod
    def current_trial(cls, **client_options):
        """The trial `sweepboard agent` runs this process for, or None when not run by the agent
        (which heartbeats for it: this client does not)."""
        trial_id = os.environ.get("SWEEPBOARD_TRIAL_ID")
        if not trial_id:
            return None
        params = json.loads(os.environ.get("SWEEPBOARD_PARAMS_JSON") or "{}")
        number = int(os.environ.get("SWEEPBOARD_TRIAL_NUMBER", "-1"))
        experiment = os.environ.get("SWEEPBOARD_EXPERIMENT_ID")
        return Trial(cls(**client_options), int(trial_id), number, params, int(experiment) if experiment else None)

    def get_experiment(self, experiment_id):
        # type: (int) -> Dict[str, Any]
        return self._call("GET", "/experiments/%s" % experiment_id)["experiment"]

    def create_experiment(self, name=None, space=None, objective=None, direction="minimize", **settings):
        # type: (Optional[str], Any, Optional[str], str, Any) -> Dict[str, Any]
        """Creates a sweep and returns it (its "id" is what ask() takes). space: a dict (the native JSON form)
        or YAML text; objective: the metric name, optimised in `direction`. Every other field of
        POST /experiments passes as a keyword: objectives=[...], sampler="tpe", pruner={"type": "median"},
        maxTrials=50, maxParallel=4, constraints=[...], spaceFormat="wandb" (then name and objective may
        come from the W&B config). Warnings about W&B keys that could not be mapped are logged."""
        body = dict(settings)
        if name is not None:
            body["name"] = name
        if space is not None:
            body["space"] = space
        if objective is not None:
            body["objective"] = {"metric": objective, "direction": direction}
        answer = self._call("POST", "/experiments", body)
        for warning in answer.get("warnings") or []:
            self._log("sweepboard: %s: %s" % (warning.get("path"), warning.get("message")))
        return answer["experiment"]

    def trials(self, experiment_id, max_trials=None, worker_id=None):
        # type: (int, Optional[int], Optional[str]) -> Iterator[Trial]
        """The ask/tell loop: yields trials until the sweep's budget is used, the sweep stops running, or
        max_trials were handed out. Use each in a `with` block so an exception fails it:

            for trial in client.trials(exp["id"]):
                with trial:
                    trial.tell(train(**trial.params))
        """
        count = 0
        while max_trials is None or count < max_trials:
            try:
                trial = self.ask(experiment_id, worker_id=worker_id)
            except SweepboardError as error:
                if error.code in ("budget_exhausted", "experiment_not_running"):
                    return
                raise
            count += 1
            yield trial

    def ask(self, experiment_id, worker_id=None):
        """The next trial; it heartbeats in the background until tell() (unless heartbeat=False).
        worker_id defaults to host-pid, so the dashboard shows who runs it."""
        if worker_id is None:
            worker_id = "%s-%d-py" % (socket.gethostname(), os.getpid())
        trial = self._call("POST", "/experiments/%s/trials" % experiment_id, {"workerId": worker_id})["trial"]
        if self.heartbeat_enabled:
            self._start_heartbeat(trial["id"], self._interval_for(experiment_id))
        return Trial(self, trial["id"], trial["number"], trial["params"], experiment_id)

    def _interval_for(self, experiment_id):
        """heartbeat_interval, lowered to a third of the sweep's heartbeatGraceSec when that is shorter."""
        if experiment_id not in self._grace:
            try:
                self._grace[experiment_id] = self.get_experiment(experiment_id).get("heartbeatGraceSec")
            except SweepboardError:
                self._grace[experiment_id] = None
        grace = self._grace[experiment_id]
        if isinstance(grace, (int, float)) and grace > 0 and grace / 3.0 < self.heartbeat_interval:
            return grace / 3.0
        return self.heartbeat_interval

    def _start_heartbeat(self, trial_id, interval):
        stop = threading.Event()

        def beat():
            warned = False
            while not stop.wait(interval):
                try:
                    self.heartbeat(trial_id)
                except SweepboardError as e:
                    if e.code in ("wrong_state", "not_found"):
                        return  # the trial ended on the server: nothing left to keep alive
                    if not warned:
                        warned = True
                        self._log("sweepboard: heartbeat for trial %s failed: %s" % (trial_id, e))

        thread = threading.Thread(target=beat, name="sweepboard-heartbeat-%s" % trial_id, daemon=True)
        self._beats[trial_id] = stop
        thread.start()

    def _stop_heartbeat(self, trial_id):
        stop = self._beats.pop(trial_id, None)
        if stop is not None:
            stop.set()

    def report(self, trial_id, metrics, step=None, wall_time=None):
        """Sends {name: value} at `step` (per-metric counter from 0 when None), stamped wall_time
        (seconds since the epoch, default now). Returns shouldPrune.
        NaN and infinite values are skipped with a warning: the server stores finite values only."""
        if wall_time is None:
            wall_time = time.time()
        points = []
        counters = self._steps.setdefault(trial_id, {})
        for name, value in metrics.items():
            value = float(value)
            at = step if step is not None else counters.get(name, -1) + 1
            counters[name] = at
            if not math.isfinite(value):
                warnings.warn("sweepboard: %s=%r at step %d is not finite and is not reported" % (name, value, at))
                continue
            points.append({"name": name, "step": int(at), "value": value, "wallTime": float(wall_time)})
        if not points:
            return self.should_prune(trial_id)
        answer = self._call("POST", "/trials/%s/metrics" % trial_id, {"points": points})
        self._prune[trial_id] = bool(answer.get("shouldPrune"))
        return self._prune[trial_id]

    def should_prune(self, trial_id):
        """The last shouldPrune the server sent with a report or heartbeat (False before any)."""
        return self._prune.get(trial_id, False)

    def heartbeat(self, trial_id):
        answer = self._call("POST", "/trials/%s/heartbeat" % trial_id, {})
        self._prune[trial_id] = bool(answer.get("shouldPrune"))
        return self._prune[trial_id]

    def tell(self, trial_id, value=None, values=None, state="complete", error=None, step=None, kind=None):
        """Finishes a trial. state "complete" needs value, or values (one per objective, in the
        experiment's order; NaN is sent as NaN: the server then marks the trial failed); "failed" takes
        error and kind ("program", the server's default and not retried by default, or
        "infrastructure": worth retrying); "pruned" takes the step it stopped at."""
        self._stop_heartbeat(trial_id)
        if kind not in (None, "program", "infrastructure"):
            raise ValueError("kind must be 'program' or 'infrastructure', not %r" % (kind,))
        if state == "complete":
            if (value is None) == (values is None):
                raise ValueError("tell(state='complete') needs exactly one of value or values")
            body = {"value": float(value)} if value is not None else {"values": [float(v) for v in values]}
            answer = self._call("POST", "/trials/%s/complete" % trial_id, body)
        elif state == "failed":
            body = {"error": error or "failed"}
            if kind is not None:
                body["kind"] = kind
            answer = self._call("POST", "/trials/%s/fail" % trial_id, body)
        elif state == "pruned":
            answer = self._call("POST", "/trials/%s/prune" % trial_id, {} if step is None else {"step": int(step)})
        else:
            raise ValueError("state must be 'complete', 'failed' or 'pruned', not %r" % (state,))
        self._steps.pop(trial_id, None)
        return answer.get("trial")

    def _call(self, method, path, body=None):
        """One request, safe to repeat. An outage (connection errors, timeouts, 502/503/504, a full disk
        507, 429) is retried with capped exponential backoff, honouring Retry-After, for max_wait
        seconds (None: until the server is back), with one line per outage; other 5xx for
        server_error_wait seconds; 4xx raises at once."""
        data = None if body is None else json.dumps(body, allow_nan=True).encode("utf-8")
        headers = {"Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        started = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            request = urllib.request.Request(self.url + "/api/v1" + path, data=data, headers=headers, method=method)
            retry_after = status = None
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    text = response.read().decode("utf-8")
                    self._recovered(method)
                    return json.loads(text) if text.strip() else {}
            except urllib.error.HTTPError as e:
                text, status = e.read().decode("utf-8", "replace"), e.code
                retry_after = _parse_retry_after(e.headers.get("Retry-After") if e.headers else None)
                outage = _OUTAGE_STATUS.get(e.code)
                if outage is None and e.code < 500:
                    self._recovered(method)
                    raise _refusal(e.code, text)
                reason = "HTTP %d" % e.code
            except (urllib.error.URLError, HTTPException, socket.timeout, ConnectionError) as e:
                outage, reason, text = "unreachable", str(getattr(e, "reason", e)), ""
            now = time.monotonic()
            if outage is not None:
                since = self._outage_started(outage, reason, now)
                deadline = None if self.max_wait is None else since + self.max_wait
            else:
                deadline = started + self.server_error_wait
            if deadline is not None and now >= deadline:
                if outage is None:
                    raise _refusal(status, text)
                raise SweepboardError("unreachable", "%s %s failed after %ds of retries: %s (is the server at %s running?)" % (method, path, now - started, reason, self.url))
            wait = retry_after if retry_after is not None else min(self.retry_cap, self.retry_base * 2 ** min(attempt - 1, 30)) * random.uniform(0.8, 1.2)
            if deadline is not None:
                wait = min(wait, max(0.0, deadline - now))
            time.sleep(wait)

    def _outage_started(self, kind, reason, now):
        with self._lock:
            if kind in self._outages:
                return self._outages[kind]
            self._outages[kind] = now
        cap = "for as long as it takes" if self.max_wait is None else "for up to %gs" % self.max_wait
        if kind == "storage_full":
            self._log("sweepboard: the server's disk is full (HTTP 507); retrying %s" % cap)
        elif kind == "rate_limited":
            self._log("sweepboard: the server asks to slow down (HTTP 429); waiting as it says")
        else:
            self._log("sweepboard: the server at %s does not answer (%s); retrying %s" % (self.url, reason, cap))
        return now

    def _recovered(self, method):
        with self._lock:
            ended = [k for k in self._outages if not (k == "storage_full" and method == "GET")]
            downs = [(k, time.monotonic() - self._outages.pop(k)) for k in ended]
        for kind, down in downs:
            if kind != "rate_limited":
                self._log("sweepboard: the server %s again after %ds" % ("takes writes" if kind == "storage_full" else "answers", down))


def _parse_retry_after(header):
    """Retry-After in seconds (a number or an HTTP date), or None."""
    if not header:
        return None
    header = header.strip()
    try:
        seconds = float(header)
    except ValueError:
        try:
            from email.utils import parsedate_to_datetime
            seconds = parsedate_to_datetime(header).timestamp() - time.time()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if not math.isfinite(seconds):
        return None
    return min(3600.0, max(0.0, seconds))


def _refusal(status, text):
    try:
        error = json.loads(text)["error"]
        return SweepboardError(error["code"], error.get("message", error["code"]), status)
    except (ValueError, KeyError, TypeError):
        return SweepboardError("http_%d" % status, text[:200], status)


def nest_params(params):
    """Dotted names as nested dicts; a choice with sub-parameters keeps its own value under "_value":
    {"optimizer": "adam", "optimizer.adam.lr": 0.1} -> {"optimizer": {"_value": "adam", "adam": {"lr": 0.1}}}."""
    root = {}
    for name in sorted(params, key=lambda n: n.count(".")):
        parts = name.split(".")
        node = root
        for part in parts[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = {} if part not in node else {"_value": child}
                node[part] = child
            node = child
        node[parts[-1]] = params[name]
    return root
