"""Tests for sweepboard.py against a tiny fake server in a thread. Run: python3 -m unittest discover -s clients/python"""

import json
import os
import socket
import sys
import threading
import time
import unittest
import warnings
from http.server import BaseHTTPRequestHandler, HTTPServer
from unittest import mock

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sweepboard  # noqa: E402


class FakeHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        self._handle()

    def do_POST(self):
        self._handle()

    def _handle(self):
        server = self.server
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode("utf-8") if length else ""
        server.requests.append((self.command, self.path, raw, dict(self.headers)))
        if server.unavailable > 0:
            server.unavailable -= 1
            status = server.unavailable_status
            code = {507: "storage_full", 500: "internal"}.get(status, "unavailable")
            return self._send(status, {"error": {"code": code, "message": "not now"}}, server.retry_after)
        status, body = server.answer(self.command, self.path.replace("/api/v1", "", 1), raw)
        self._send(status, body)

    def _send(self, status, body, retry_after=None):
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        if retry_after is not None:
            self.send_header("Retry-After", retry_after)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def default_answer(method, path, raw):
    if path == "/experiments" and method == "POST":
        body = json.loads(raw)
        return 201, {"experiment": dict(body, id=5), "warnings": [{"path": "space.program", "message": "give the script to the agent"}] if body.get("spaceFormat") == "wandb" else []}
    if path == "/experiments/1/trials":
        return 201, {"trial": {"id": 11, "number": 0, "params": {"lr": 0.01, "model": "svm", "model.svm.C": 2.0}, "state": "running"}}
    if path == "/experiments/2/trials":
        return 409, {"error": {"code": "budget_exhausted", "message": "no trials left"}}
    if path == "/experiments/1":
        return 200, {"experiment": {"id": 1, "name": "e", "heartbeatGraceSec": 300}}
    if path.endswith("/metrics"):
        points = json.loads(raw)["points"]
        return 200, {"stored": len(points), "shouldPrune": any(p["value"] > 100 for p in points)}
    if path.endswith("/heartbeat"):
        return 200, {"state": "running", "shouldPrune": True}
    if path.endswith(("/complete", "/fail", "/prune")):
        return 200, {"trial": {"id": 11, "state": path.rsplit("/", 1)[1]}}
    return 404, {"error": {"code": "not_found", "message": "no route " + path}}


class ClientTest(unittest.TestCase):
    def setUp(self):
        self.server = HTTPServer(("127.0.0.1", 0), FakeHandler)
        self.server.requests = []
        self.server.unavailable = 0
        self.server.unavailable_status = 503
        self.server.retry_after = None
        self.server.answer = default_answer
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.logged = []
        self.client = sweepboard.Client(self.url, token="sb_test", retry_base=0.01, retry_cap=0.05, max_wait=5, log=self.logged.append)

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()

    def last_body(self):
        return json.loads(self.server.requests[-1][2] or "null")

    def requests_to(self, suffix):
        return [r for r in self.server.requests if r[1].endswith(suffix)]

    def points(self):
        """The last metrics body, without the wall times (checked on their own)."""
        return [{k: v for k, v in p.items() if k != "wallTime"} for p in self.last_body()["points"]]

    def test_create_experiment_sends_the_body_and_logs_warnings(self):
        exp = self.client.create_experiment("mlp", {"lr": {"type": "uniform", "low": 0, "high": 1}}, objective="val_loss", direction="maximize", maxTrials=20, sampler="tpe")
        self.assertEqual(exp["id"], 5)
        self.assertEqual(self.last_body(), {"name": "mlp", "space": {"lr": {"type": "uniform", "low": 0, "high": 1}}, "objective": {"metric": "val_loss", "direction": "maximize"}, "maxTrials": 20, "sampler": "tpe"})
        self.assertEqual(self.logged, [])
        self.client.create_experiment(space="program: train.py\n", spaceFormat="wandb")
        self.assertEqual(self.last_body(), {"space": "program: train.py\n", "spaceFormat": "wandb"})
        self.assertEqual(self.logged, ["sweepboard: space.program: give the script to the agent"])

    def test_trials_loop_stops_at_the_budget_or_max_trials(self):
        self.assertEqual(list(self.client.trials(2)), [])
        got = list(self.client.trials(1, max_trials=3))
        self.assertEqual([t.id for t in got], [11, 11, 11])
        for t in got:
            t.tell(0.5)

    def test_with_block_fails_the_trial_on_an_exception_and_lets_it_go_on(self):
        with self.assertRaises(ZeroDivisionError):
            with self.client.ask(1) as trial:
                1 / 0
        self.assertEqual(self.requests_to("/fail")[-1][1], "/api/v1/trials/11/fail")
        self.assertEqual(self.last_body(), {"error": "ZeroDivisionError: division by zero", "kind": "program"})

    def test_with_block_leaves_a_told_trial_and_fails_one_never_told(self):
        with self.client.ask(1) as trial:
            trial.tell(0.25)
        self.assertEqual(len(self.requests_to("/fail")), 0)
        with self.client.ask(1):
            pass
        self.assertEqual(self.last_body(), {"error": "the with block ended without trial.tell()", "kind": "program"})

    def test_ask_returns_a_trial(self):
        trial = self.client.ask(1, worker_id="w1")
        self.assertEqual((trial.id, trial.number, trial.experiment_id), (11, 0, 1))
        self.assertEqual(trial.params["model.svm.C"], 2.0)
        self.assertEqual(trial.nested_params, {"lr": 0.01, "model": {"_value": "svm", "svm": {"C": 2.0}}})
        method, path, raw, headers = self.requests_to("/trials")[-1]
        self.assertEqual((method, path), ("POST", "/api/v1/experiments/1/trials"))
        self.assertEqual(json.loads(raw), {"workerId": "w1"})
        self.assertEqual(headers["Authorization"], "Bearer sb_test")
        trial.tell(0.5)

    def test_ask_names_the_worker_by_default(self):
        trial = self.client.ask(1)
        self.assertEqual(json.loads(self.requests_to("/trials")[-1][2]), {"workerId": "%s-%d-py" % (socket.gethostname(), os.getpid())})
        trial.tell(0.5)

    def test_4xx_raises_with_code_message_status(self):
        with self.assertRaises(sweepboard.SweepboardError) as caught:
            self.client.ask(2)
        self.assertEqual((caught.exception.code, caught.exception.status), ("budget_exhausted", 409))
        self.assertEqual(caught.exception.message, "no trials left")
        self.assertEqual(len(self.server.requests), 1)  # a refusal is not retried

    def test_report_sends_points_and_remembers_should_prune(self):
        self.assertFalse(self.client.should_prune(11))
        self.assertFalse(self.client.report(11, {"loss": 0.3, "acc": 1}, step=3))
        self.assertEqual(self.points(), [{"name": "loss", "step": 3, "value": 0.3}, {"name": "acc", "step": 3, "value": 1.0}])
        self.assertTrue(self.client.report(11, {"loss": 500}, step=4))
        self.assertTrue(self.client.should_prune(11))

    def test_report_counts_steps_and_skips_non_finite_values(self):
        trial = sweepboard.Trial(self.client, 11, 0, {})
        trial.report({"loss": 1})
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            trial.report({"loss": 2, "bad": float("nan")})
        self.assertEqual(self.points(), [{"name": "loss", "step": 1, "value": 2.0}])
        self.assertIn("not finite", str(caught[0].message))

    def test_report_stamps_points_with_the_wall_time(self):
        before = time.time()
        self.client.report(11, {"loss": 1, "acc": 2}, step=0)
        stamps = [p["wallTime"] for p in self.last_body()["points"]]
        self.assertTrue(all(before <= t <= time.time() for t in stamps), stamps)
        self.client.report(11, {"loss": 1}, step=1, wall_time=1700000000.25)
        self.assertEqual(self.last_body()["points"][0]["wallTime"], 1700000000.25)

    def test_heartbeat_updates_should_prune(self):
        self.assertTrue(self.client.heartbeat(11))
        self.assertTrue(self.client.should_prune(11))

    def test_tell_each_state(self):
        self.client.tell(11, 0.25)
        self.assertEqual((self.server.requests[-1][1], self.last_body()), ("/api/v1/trials/11/complete", {"value": 0.25}))
        self.client.tell(11, values=[1, 2])
        self.assertEqual(self.last_body(), {"values": [1.0, 2.0]})
        self.client.tell(11, state="failed", error="boom")
        self.assertEqual((self.server.requests[-1][1], self.last_body()), ("/api/v1/trials/11/fail", {"error": "boom"}))
        self.client.tell(11, state="failed", error="node lost", kind="infrastructure")
        self.assertEqual(self.last_body(), {"error": "node lost", "kind": "infrastructure"})
        with self.assertRaises(ValueError):
            self.client.tell(11, state="failed", kind="cosmic")
        self.client.tell(11, state="pruned", step=4)
        self.assertEqual((self.server.requests[-1][1], self.last_body()), ("/api/v1/trials/11/prune", {"step": 4}))
        self.client.tell(11, float("nan"))
        self.assertEqual(self.server.requests[-1][2], '{"value": NaN}')
        with self.assertRaises(ValueError):
            self.client.tell(11)
        with self.assertRaises(ValueError):
            self.client.tell(11, 1, state="done")

    def test_retries_an_outage_with_one_line(self):
        self.server.unavailable = 3
        self.assertEqual(self.client.get_experiment(1)["name"], "e")
        self.assertEqual(len(self.server.requests), 4)
        self.assertEqual(len(self.logged), 2, self.logged)
        self.assertIn("does not answer (HTTP 503); retrying for up to 5s", self.logged[0])
        self.assertIn("answers again", self.logged[1])

    def test_waits_out_an_outage_without_a_cap_by_default(self):
        self.assertIsNone(sweepboard.Client(self.url).max_wait)

    def test_honours_retry_after(self):
        self.server.unavailable = 1
        self.server.retry_after = "0.4"
        started = time.monotonic()
        self.client.get_experiment(1)
        self.assertGreaterEqual(time.monotonic() - started, 0.38)
        self.assertEqual(len(self.server.requests), 2)

    def test_retries_a_full_disk(self):
        self.server.unavailable = 2
        self.server.unavailable_status = 507
        self.assertFalse(self.client.report(11, {"loss": 1}, step=0))
        self.assertEqual(len(self.requests_to("/metrics")), 3)
        self.assertIn("disk is full", self.logged[0])

    def test_a_500_is_retried_for_server_error_wait_then_raised(self):
        self.server.unavailable = 1000
        self.server.unavailable_status = 500
        client = sweepboard.Client(self.url, retry_base=0.01, retry_cap=0.02, server_error_wait=0.2, log=self.logged.append)
        with self.assertRaises(sweepboard.SweepboardError) as caught:
            client.get_experiment(1)
        self.assertEqual((caught.exception.code, caught.exception.status), ("internal", 500))
        self.assertGreater(len(self.server.requests), 2)
        self.assertEqual(self.logged, [])  # not an outage

    def test_a_trial_from_ask_heartbeats_until_it_is_told(self):
        client = sweepboard.Client(self.url, retry_base=0.01, heartbeat_interval=0.05, log=self.logged.append)
        trial = client.ask(1)
        time.sleep(0.4)
        beats = len(self.requests_to("/heartbeat"))
        self.assertGreaterEqual(beats, 3)
        self.assertTrue(trial.should_prune())  # the fake's heartbeat answer says prune
        trial.tell(state="pruned", step=1)
        time.sleep(0.2)
        self.assertLessEqual(len(self.requests_to("/heartbeat")), beats + 1)

    def test_the_heartbeat_interval_stays_within_the_sweeps_grace(self):
        def answer(method, path, raw):
            if path == "/experiments/1":
                return 200, {"experiment": {"id": 1, "name": "e", "heartbeatGraceSec": 0.3}}
            return default_answer(method, path, raw)

        self.server.answer = answer
        client = sweepboard.Client(self.url, heartbeat_interval=10, log=self.logged.append)
        trial = client.ask(1)
        time.sleep(0.45)
        trial.tell(1.0)
        self.assertGreaterEqual(len(self.requests_to("/heartbeat")), 2)

    def test_heartbeats_stop_when_the_trial_ended_on_the_server(self):
        def answer(method, path, raw):
            if path.endswith("/heartbeat"):
                return 409, {"error": {"code": "wrong_state", "message": "trial 11 is failed"}}
            return default_answer(method, path, raw)

        self.server.answer = answer
        client = sweepboard.Client(self.url, heartbeat_interval=0.03, log=self.logged.append)
        client.ask(1)
        time.sleep(0.3)
        self.assertEqual(len(self.requests_to("/heartbeat")), 1)
        self.assertEqual(self.logged, [])

    def test_current_trial_does_not_heartbeat(self):
        env = {"SWEEPBOARD_URL": self.url, "SWEEPBOARD_TRIAL_ID": "11", "SWEEPBOARD_PARAMS_JSON": "{}"}
        with mock.patch.dict(os.environ, env, clear=True):
            trial = sweepboard.Client.current_trial(heartbeat_interval=0.02)
        time.sleep(0.1)
        self.assertEqual(self.requests_to("/heartbeat"), [])
        self.assertEqual(trial.id, 11)

    def test_gives_up_when_nothing_answers(self):
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        client = sweepboard.Client("http://127.0.0.1:%d" % port, retry_base=0.01, retry_cap=0.02, max_wait=0.2, log=self.logged.append)
        with self.assertRaises(sweepboard.SweepboardError) as caught:
            client.get_experiment(1)
        self.assertEqual((caught.exception.code, caught.exception.status), ("unreachable", None))

    def test_defaults_from_environment(self):
        env = {"SWEEPBOARD_URL": self.url + "/", "SWEEPBOARD_TOKEN": "sb_env"}
        with mock.patch.dict(os.environ, env):
            client = sweepboard.Client()
        self.assertEqual((client.url, client.token), (self.url, "sb_env"))
        with mock.patch.dict(os.environ, {}, clear=True):
            self.assertEqual(sweepboard.Client().url, "http://127.0.0.1:3000")

    def test_current_trial_under_the_agent(self):
        with mock.patch.dict(os.environ, {}, clear=True):
            self.assertIsNone(sweepboard.Client.current_trial())
        env = {"SWEEPBOARD_URL": self.url, "SWEEPBOARD_TRIAL_ID": "11", "SWEEPBOARD_TRIAL_NUMBER": "4", "SWEEPBOARD_EXPERIMENT_ID": "1", "SWEEPBOARD_PARAMS_JSON": '{"lr": 0.1}'}
        with mock.patch.dict(os.environ, env, clear=True):
            trial = sweepboard.Client.current_trial(retry_base=0.01)
        self.assertEqual((trial.id, trial.number, trial.experiment_id, trial.params), (11, 4, 1, {"lr": 0.1}))
        self.assertFalse(trial.report({"loss": 1}, step=0))
        self.assertEqual(self.server.requests[-1][1], "/api/v1/trials/11/metrics")


if __name__ == "__main__":
    unittest.main()
