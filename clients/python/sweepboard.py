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
        trial.tell(loss)

Under `sweepboard agent`, `Client.current_trial()` returns the trial the agent started this process for
(the agent tells the result itself from stdout, so a script only needs report() for extra metrics).
"""

import json
import math
import os
import random
import socket
import time
import urllib.error
import urllib.request
import warnings
from http.client import HTTPException

__all__ = ["Client", "Trial", "SweepboardError", "nest_params"]

DEFAULT_URL = "http://127.0.0.1:3000"


class SweepboardError(Exception):
    """A refusal from the server (4xx: code such as "budget_exhausted", "wrong_state", "unauthorized"),
    or code "unreachable" (status None) when the server did not answer within the retry window."""

    def __init__(self, code, message, status=None):
        super().__init__("%s: %s" % (code, message))
        self.code = code
        self.message = message
        self.status = status


class Trial(object):
    """One trial: id (for the API), number (shown in the UI), params (flat, dotted names)."""

    def __init__(self, client, id, number, params, experiment_id=None):
        self.client = client
        self.id = id
        self.number = number
        self.params = params
        self.experiment_id = experiment_id

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

    def tell(self, value=None, values=None, state="complete", error=None, step=None):
        return self.client.tell(self.id, value=value, values=values, state=state, error=error, step=step)


class Client(object):
    def __init__(self, url=None, token=None, timeout=30.0, max_wait=120.0, retry_base=0.25, retry_cap=10.0):
        self.url = (url or os.environ.get("SWEEPBOARD_URL") or DEFAULT_URL).rstrip("/")
        self.token = token if token is not None else os.environ.get("SWEEPBOARD_TOKEN") or None
        self.timeout = timeout
        self.max_wait = max_wait
        self.retry_base = retry_base
        self.retry_cap = retry_cap
        self._prune = {}
        self._steps = {}

    @classmethod
    def current_trial(cls, **client_options):
        """The trial `sweepboard agent` runs this process for, or None when not run by the agent."""
        trial_id = os.environ.get("SWEEPBOARD_TRIAL_ID")
        if not trial_id:
            return None
        params = json.loads(os.environ.get("SWEEPBOARD_PARAMS_JSON") or "{}")
        number = int(os.environ.get("SWEEPBOARD_TRIAL_NUMBER", "-1"))
        experiment = os.environ.get("SWEEPBOARD_EXPERIMENT_ID")
        return Trial(cls(**client_options), int(trial_id), number, params, int(experiment) if experiment else None)

    def get_experiment(self, experiment_id):
        return self._call("GET", "/experiments/%s" % experiment_id)["experiment"]

    def ask(self, experiment_id, worker_id=None):
        body = {"workerId": worker_id} if worker_id is not None else {}
        trial = self._call("POST", "/experiments/%s/trials" % experiment_id, body)["trial"]
        return Trial(self, trial["id"], trial["number"], trial["params"], experiment_id)

    def report(self, trial_id, metrics, step=None, wall_time=None):
        """Sends {name: value} at `step` (per-metric counter from 0 when None). Returns shouldPrune.
        NaN and infinite values are skipped with a warning: the server stores finite values only."""
        points = []
        counters = self._steps.setdefault(trial_id, {})
        for name, value in metrics.items():
            value = float(value)
            at = step if step is not None else counters.get(name, -1) + 1
            counters[name] = at
            if not math.isfinite(value):
                warnings.warn("sweepboard: %s=%r at step %d is not finite and is not reported" % (name, value, at))
                continue
            point = {"name": name, "step": int(at), "value": value}
            if wall_time is not None:
                point["wallTime"] = wall_time
            points.append(point)
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

    def tell(self, trial_id, value=None, values=None, state="complete", error=None, step=None):
        """Finishes a trial. state "complete" needs value or values (NaN is sent as NaN: the server then
        marks the trial failed); "failed" takes error; "pruned" takes the step it stopped at."""
        if state == "complete":
            if (value is None) == (values is None):
                raise ValueError("tell(state='complete') needs exactly one of value or values")
            body = {"value": float(value)} if value is not None else {"values": [float(v) for v in values]}
            answer = self._call("POST", "/trials/%s/complete" % trial_id, body)
        elif state == "failed":
            answer = self._call("POST", "/trials/%s/fail" % trial_id, {"error": error or "failed"})
        elif state == "pruned":
            answer = self._call("POST", "/trials/%s/prune" % trial_id, {} if step is None else {"step": int(step)})
        else:
            raise ValueError("state must be 'complete', 'failed' or 'pruned', not %r" % (state,))
        self._steps.pop(trial_id, None)
        return answer.get("trial")

    def _call(self, method, path, body=None):
        """One request; connection errors, timeouts and 5xx retry with backoff (the server may be
        restarting) for up to max_wait seconds. Every call is safe to repeat."""
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
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    text = response.read().decode("utf-8")
                    return json.loads(text) if text.strip() else {}
            except urllib.error.HTTPError as e:
                text = e.read().decode("utf-8", "replace")
                if e.code < 500:
                    raise _refusal(e.code, text)
                reason = "HTTP %d" % e.code
            except (urllib.error.URLError, HTTPException, socket.timeout, ConnectionError) as e:
                reason = str(getattr(e, "reason", e))
            elapsed = time.monotonic() - started
            if elapsed >= self.max_wait:
                raise SweepboardError("unreachable", "%s %s failed after %ds of retries: %s (is the server at %s running?)" % (method, path, elapsed, reason, self.url))
            wait = min(self.retry_cap, self.retry_base * 2 ** (attempt - 1), max(0.0, self.max_wait - elapsed))
            time.sleep(wait * random.uniform(0.8, 1.2))


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
