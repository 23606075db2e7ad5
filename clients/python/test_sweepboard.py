"""Tests for sweepboard.py against a tiny fake server in a thread. Run: python3 -m unittest discover -s clients/python"""

import json
import os
import socket
import sys
import threading
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
            return self._send(503, {"error": {"code": "internal", "message": "restarting"}})
        status, body = server.answer(self.command, self.path.replace("/api/v1", "", 1), raw)
        self._send(status, body)

    def _send(self, status, body):
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def default_answer(method, path, raw):
    if path == "/experiments/1/trials":
        return 201, {"trial": {"id": 11, "number": 0, "params": {"lr": 0.01, "model": "svm", "model.svm.C": 2.0}, "state": "running"}}
    if path == "/experiments/2/trials":
        return 409, {"error": {"code": "budget_exhausted", "message": "no trials left"}}
    if path == "/experiments/1":
        return 200, {"experiment": {"id": 1, "name": "e"}}
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
        self.server.answer = default_answer
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.client = sweepboard.Client(self.url, token="sb_test", retry_base=0.01, retry_cap=0.05, max_wait=5)

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()

    def last_body(self):
        return json.loads(self.server.requests[-1][2] or "null")

    def test_ask_returns_a_trial(self):
        trial = self.client.ask(1, worker_id="w1")
        self.assertEqual((trial.id, trial.number, trial.experiment_id), (11, 0, 1))
        self.assertEqual(trial.params["model.svm.C"], 2.0)
        self.assertEqual(trial.nested_params, {"lr": 0.01, "model": {"_value": "svm", "svm": {"C": 2.0}}})
        method, path, _, headers = self.server.requests[-1]
        self.assertEqual((method, path), ("POST", "/api/v1/experiments/1/trials"))
        self.assertEqual(self.last_body(), {"workerId": "w1"})
        self.assertEqual(headers["Authorization"], "Bearer sb_test")

    def test_4xx_raises_with_code_message_status(self):
        with self.assertRaises(sweepboard.SweepboardError) as caught:
            self.client.ask(2)
        self.assertEqual((caught.exception.code, caught.exception.status), ("budget_exhausted", 409))
        self.assertEqual(caught.exception.message, "no trials left")
        self.assertEqual(len(self.server.requests), 1)  # a refusal is not retried

    def test_report_sends_points_and_remembers_should_prune(self):
        self.assertFalse(self.client.should_prune(11))
        self.assertFalse(self.client.report(11, {"loss": 0.3, "acc": 1}, step=3))
        self.assertEqual(self.last_body(), {"points": [{"name": "loss", "step": 3, "value": 0.3}, {"name": "acc", "step": 3, "value": 1.0}]})
        self.assertTrue(self.client.report(11, {"loss": 500}, step=4))
        self.assertTrue(self.client.should_prune(11))

    def test_report_counts_steps_and_skips_non_finite_values(self):
        trial = sweepboard.Trial(self.client, 11, 0, {})
        trial.report({"loss": 1})
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            trial.report({"loss": 2, "bad": float("nan")})
        self.assertEqual(self.last_body(), {"points": [{"name": "loss", "step": 1, "value": 2.0}]})
        self.assertIn("not finite", str(caught[0].message))

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
        self.client.tell(11, state="pruned", step=4)
        self.assertEqual((self.server.requests[-1][1], self.last_body()), ("/api/v1/trials/11/prune", {"step": 4}))
        self.client.tell(11, float("nan"))
        self.assertEqual(self.server.requests[-1][2], '{"value": NaN}')
        with self.assertRaises(ValueError):
            self.client.tell(11)
        with self.assertRaises(ValueError):
            self.client.tell(11, 1, state="done")

    def test_retries_5xx_then_succeeds(self):
        self.server.unavailable = 3
        self.assertEqual(self.client.get_experiment(1)["name"], "e")
        self.assertEqual(len(self.server.requests), 4)

    def test_gives_up_when_nothing_answers(self):
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        client = sweepboard.Client("http://127.0.0.1:%d" % port, retry_base=0.01, retry_cap=0.02, max_wait=0.2)
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
