#!/usr/bin/env node
// `npm run demo`: a sweep over a real training script in a couple of minutes, for a first look.
//
// 1. Uses the Sweepboard at $SWEEPBOARD_URL (default http://127.0.0.1:$PORT, PORT 3000); when nothing answers
//    there, starts one with `node scripts/start.mjs` (migrates and builds on the first run).
// 2. Creates an API token (`sweepboard token create --name demo`) unless $SWEEPBOARD_TOKEN is set.
// 3. Creates the sweep in examples/digits-sweep.json and runs the agent with 2 workers on
//    examples/train_digits.mjs (a small MLP on the handwritten digits in examples/data).
// 4. When the sweep ends, a server the demo started keeps serving the dashboard until Ctrl-C.
//    Ctrl-C during the sweep stops the trials first; the dashboard stays up until the next Ctrl-C.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const SWEEP_FILE = join(root, "examples/digits-sweep.json");
const TRAIN_SCRIPT = "examples/train_digits.mjs";
const CLI = join(root, "bin/sweepboard.mjs");
const START_TIMEOUT_MS = 5 * 60_000;
const STOP_TIMEOUT_MS = 15_000;
/** A terminal's Ctrl-C can arrive twice (from the terminal and forwarded by npm): one press. */
const SAME_PRESS_MS = 500;

const USAGE = `usage: npm run demo [-- --keep-server | --no-wait]

Creates the "digits-mlp demo" sweep (examples/digits-sweep.json) and runs 2 workers of the Sweepboard agent
on examples/train_digits.mjs. Starts a server when none answers at the URL, and stops it again on Ctrl-C.

  --keep-server   leave a server the demo started running in the background when the demo exits
  --no-wait       exit as soon as the sweep ends (stopping a server the demo started, unless --keep-server)

Environment: SWEEPBOARD_URL (default http://127.0.0.1:$PORT), PORT (3000), SWEEPBOARD_TOKEN (default: a new
token from "sweepboard token create --name demo"), DATABASE_URL (for a server the demo starts).`;

class DemoError extends Error {
  constructor(message, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

const say = (line) => process.stdout.write(`demo: ${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function parseOptions(argv) {
  const options = { keepServer: false, wait: true };
  for (const arg of argv) {
    if (arg === "--keep-server") options.keepServer = true;
    else if (arg === "--no-wait") options.wait = false;
    else if (arg === "--help" || arg === "-h") return null;
    else throw new DemoError(`unknown argument "${arg}" (options: --keep-server, --no-wait)`, 2);
  }
  if (options.keepServer) options.wait = false;
  return options;
}

function baseUrl() {
  const raw = process.env.SWEEPBOARD_URL || `http://127.0.0.1:${process.env.PORT || "3000"}`;
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new DemoError(`SWEEPBOARD_URL is not a URL: "${raw}"`, 2);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new DemoError(`SWEEPBOARD_URL must be http(s), got "${raw}"`, 2);
  return { url, text: raw.replace(/\/+$/, "") };
}

// ---------------------------------------------------------------------------------------------------------
// Ctrl-C: one handler for the whole run; each phase says what a press means.

/** Outside the phases below, Ctrl-C just ends the demo (the exit hook stops a server it started). */
function exitNow() {
  process.stderr.write("\ndemo: interrupted\n");
  process.exit(130);
}
let onInterrupt = exitNow;
let lastPress = 0;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    const now = Date.now();
    if (signal === "SIGINT" && now - lastPress < SAME_PRESS_MS) return;
    lastPress = now;
    onInterrupt(signal);
  });
}

/** Resolves with the signal's name at the next Ctrl-C (or SIGTERM/SIGHUP). */
function nextInterrupt() {
  return new Promise((resolve) => {
    onInterrupt = (signal) => resolve(signal);
  });
}

// ---------------------------------------------------------------------------------------------------------
// The server

/** "up" (Sweepboard answers), "down" (nothing listens) or a description of what else answers. */
async function probe(url) {
  let response;
  try {
    response = await fetch(`${url}/api/v1/openapi.json`, { signal: AbortSignal.timeout(3_000) });
  } catch {
    return "down";
  }
  if (!response.ok) return `GET /api/v1/openapi.json answered ${response.status}`;
  const body = await response.json().catch(() => null);
  return body && typeof body === "object" && "openapi" in body ? "up" : "GET /api/v1/openapi.json did not answer an OpenAPI document";
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "0.0.0.0"]);

/** A `node scripts/start.mjs` in its own process group (so a terminal's Ctrl-C leaves it to us), logging to a file. */
class StartedServer {
  constructor(url) {
    this.port = url.port || (url.protocol === "https:" ? "443" : "80");
    this.host = url.hostname === "[::1]" ? "::1" : url.hostname;
    this.logPath = join(tmpdir(), `sweepboard-demo-server-${this.port}.log`);
    const log = openSync(this.logPath, "w");
    this.child = spawn(process.execPath, [join(root, "scripts/start.mjs")], {
      cwd: root,
      env: { ...process.env, PORT: this.port, HOST: this.host },
      stdio: ["ignore", log, log],
      detached: true,
    });
    closeSync(log);
    this.exited = new Promise((resolve) => {
      this.child.on("exit", (code, signal) => resolve({ code, signal }));
      this.child.on("error", (error) => resolve({ code: null, signal: null, error }));
    });
    this.running = true;
    void this.exited.then(() => {
      this.running = false;
    });
    this.logOffset = 0;
    // Never leave a server behind by accident (a crash, process.exit) unless asked to.
    this.keep = false;
    process.on("exit", () => {
      if (this.running && !this.keep) this.killGroup("SIGTERM");
    });
  }

  get pid() {
    return this.child.pid;
  }

  killGroup(signal) {
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // already gone
    }
  }

  /** Prints what the server logged since the last call, indented. */
  echoLog() {
    let fd;
    try {
      fd = openSync(this.logPath, "r");
      const size = statSync(this.logPath).size;
      if (size <= this.logOffset) return;
      const buffer = Buffer.alloc(size - this.logOffset);
      readSync(fd, buffer, 0, buffer.length, this.logOffset);
      const text = buffer.toString("utf8");
      const end = text.lastIndexOf("\n") + 1; // whole lines only
      this.logOffset += Buffer.byteLength(text.slice(0, end));
      for (const line of text.slice(0, end).split("\n")) if (line.trim()) process.stdout.write(`  server | ${line}\n`);
    } catch {
      // no log yet
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  logTail(lines = 15) {
    try {
      return readFileSync(this.logPath, "utf8").trimEnd().split("\n").slice(-lines).map((l) => `  server | ${l}`).join("\n");
    } catch {
      return "";
    }
  }

  describeExit({ code, signal, error }) {
    return error ? error.message : signal ? `killed by ${signal}` : `exit ${code}`;
  }

  async stop() {
    if (!this.running) return;
    say("stopping the server...");
    this.killGroup("SIGTERM");
    const timer = setTimeout(() => this.killGroup("SIGKILL"), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
    this.killGroup("SIGKILL"); // anything of the group still around (the server's own children)
  }
}

async function ensureServer(url) {
  const state = await probe(url.text);
  if (state === "up") {
    say(`using the Sweepboard server at ${url.text}`);
    return null;
  }
  if (state !== "down") throw new DemoError(`something other than Sweepboard answers at ${url.text} (${state}); set PORT or SWEEPBOARD_URL`);
  if (url.url.protocol !== "http:" || !LOCAL_HOSTS.has(url.url.hostname)) {
    throw new DemoError(`no Sweepboard server answers at ${url.text}, and the demo can only start one on a local http address`);
  }

  const server = new StartedServer(url.url);
  say(`no server at ${url.text}: starting one with "node scripts/start.mjs" (pid ${server.pid}, log ${server.logPath})`);
  say("it migrates the database and, on the first run, builds the app: that takes a minute or two...");
  let interrupted = false;
  onInterrupt = () => {
    interrupted = true;
  };
  const started = Date.now();
  let lastNote = started;
  while (Date.now() - started < START_TIMEOUT_MS) {
    server.echoLog();
    if (interrupted) {
      await server.stop();
      throw new DemoError("interrupted while the server was starting", 130);
    }
    if (!server.running) {
      server.echoLog();
      throw new DemoError(`the server did not start (${server.describeExit(await server.exited)}); its log: ${server.logPath}`);
    }
    const now = await probe(url.text);
    if (now === "up") {
      server.echoLog();
      say(`server is up after ${Math.round((Date.now() - started) / 1000)} s`);
      return server;
    }
    if (Date.now() - lastNote >= 30_000) {
      lastNote = Date.now();
      say(`still waiting for the server (${Math.round((lastNote - started) / 1000)} s)...`);
    }
    await sleep(1_000);
  }
  server.echoLog();
  await server.stop();
  throw new DemoError(`the server did not answer within ${START_TIMEOUT_MS / 60_000} minutes; its log: ${server.logPath}`);
}

// ---------------------------------------------------------------------------------------------------------
// Token, sweep, agent

function apiToken() {
  if (process.env.SWEEPBOARD_TOKEN) {
    say("using the API token in SWEEPBOARD_TOKEN");
    return process.env.SWEEPBOARD_TOKEN;
  }
  if (!existsSync(CLI)) throw new DemoError(`cannot create an API token: ${CLI} is missing`);
  const result = spawnSync(process.execPath, [CLI, "token", "create", "--name", "demo"], { cwd: root, encoding: "utf8", timeout: 120_000 });
  const lines = (result.stdout ?? "").split("\n").map((l) => l.trim()).filter(Boolean);
  const token = lines.at(-1);
  if (result.status !== 0 || !token || /\s/.test(token)) {
    const why = result.error ? result.error.message : (result.stderr ?? "").trim().split("\n").at(-1) || `exit ${result.status ?? result.signal}`;
    throw new DemoError(`could not create an API token with "sweepboard token create --name demo": ${why}`);
  }
  say('created the API token "demo" (list or revoke tokens with: node bin/sweepboard.mjs token list)');
  return token;
}

async function api(url, token, method, path, body) {
  let response;
  try {
    response = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new DemoError(`${method} ${path} failed: ${error.cause?.message ?? error.message}`);
  }
  const json = await response.json().catch(() => null);
  if (!response.ok) {
    const e = json?.error;
    const detail = e ? `${e.code}: ${e.message}${e.path ? ` (at ${e.path})` : ""}` : `HTTP ${response.status}`;
    const hint = response.status === 401 ? "; the token is not valid on this server (with a server on another database, set SWEEPBOARD_TOKEN)" : "";
    throw new DemoError(`${method} ${path} answered ${response.status}, ${detail}${hint}`);
  }
  return json;
}

function runAgent(url, token, id) {
  const args = [CLI, "agent", String(id), "--parallel", "2", "--url", url, "--", process.execPath, TRAIN_SCRIPT];
  say(`running: sweepboard agent ${id} --parallel 2 --url ${url} -- node ${TRAIN_SCRIPT}`);
  // The token goes in the environment, not on a command line that `ps` shows to everyone.
  const child = spawn(process.execPath, args, { cwd: root, stdio: "inherit", env: { ...process.env, SWEEPBOARD_TOKEN: token } });
  const exited = new Promise((resolve) => {
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
    child.on("error", (error) => {
      process.stderr.write(`demo: cannot start the agent: ${error.message}\n`);
      resolve(1);
    });
  });
  return { child, exited };
}

/** Every trial's state, page by page: how the sweep's trials ended. */
async function trialStates(url, token, id) {
  const counts = { total: 0 };
  let cursor = null;
  do {
    const page = await api(url, token, "GET", `/experiments/${id}/trials?limit=10000${cursor === null ? "" : `&cursor=${cursor}`}`);
    for (const t of page.trials) {
      counts.total++;
      counts[t.state] = (counts[t.state] ?? 0) + 1;
    }
    cursor = page.nextCursor;
  } while (cursor !== null && cursor !== undefined);
  return counts;
}

/** "failed: 3 of 55 (5%); 30 complete, 22 pruned": how often the sweep hit parameters its script could not train with. */
async function failedLine(url, token, id) {
  try {
    const c = await trialStates(url, token, id);
    const failed = c.failed ?? 0;
    const share = c.total === 0 ? 0 : Math.round((100 * failed) / c.total);
    return `failed: ${failed} of ${c.total} (${share}%); ${c.complete ?? 0} complete, ${c.pruned ?? 0} pruned`;
  } catch {
    return null;
  }
}

async function summary(url, token, id) {
  try {
    const { experiment: e } = await api(url, token, "GET", `/experiments/${id}`);
    const trial = e.bestTrialNumber === null || e.bestTrialNumber === undefined ? "" : ` (trial ${e.bestTrialNumber})`;
    const best = e.bestValue === null || e.bestValue === undefined ? "no complete trial yet" : `best val_loss ${Number(e.bestValue).toPrecision(4)}${trial}`;
    return `${e.trialsDone} trials finished, ${best}`;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
  const options = parseOptions(process.argv.slice(2));
  if (!options) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const url = baseUrl();
  const sweep = JSON.parse(readFileSync(SWEEP_FILE, "utf8"));
  const server = await ensureServer(url);
  try {
    onInterrupt = exitNow;
    const token = apiToken();
    const { experiment } = await api(url.text, token, "POST", "/experiments", sweep);
    const dashboard = `${url.text}/experiments/${experiment.id}`;
    say(`created sweep #${experiment.id} "${experiment.name}": ${sweep.maxTrials} trials, ${sweep.maxParallel} at a time, ${experiment.sampler} sampler, ${experiment.pruner} pruner`);
    say(`dashboard: ${dashboard}`);

    const agent = runAgent(url.text, token, experiment.id);
    let stopping = false;
    onInterrupt = (signal) => {
      // A terminal's Ctrl-C reaches the agent by itself; a signal sent to the demo alone is passed on.
      // The agent takes a second press (over 500 ms later) as "kill the trials now".
      if (!stopping) say("stopping the sweep: running trials are stopped and marked failed...");
      stopping = true;
      if (agent.child.exitCode === null) agent.child.kill(signal);
    };
    const serverDied = server ? server.exited.then((exit) => ({ serverExit: exit })) : new Promise(() => {});
    const outcome = await Promise.race([agent.exited.then((code) => ({ agentCode: code })), serverDied]);
    if ("serverExit" in outcome) {
      agent.child.kill("SIGTERM");
      await agent.exited;
      throw new DemoError(`the server stopped unexpectedly (${server.describeExit(outcome.serverExit)}); its log: ${server.logPath}\n${server.logTail()}`);
    }
    const code = outcome.agentCode;
    const result = await summary(url.text, token, experiment.id);
    const failed = await failedLine(url.text, token, experiment.id);
    if (stopping || code === 130) say(`sweep stopped${result ? `: ${result}` : ""}`);
    else if (code === 0) say(`sweep done${result ? `: ${result}` : ""}`);
    else throw new DemoError(`the agent failed (exit ${code})${result ? `; ${result}` : ""}${failed ? `; ${failed}` : ""}; dashboard: ${dashboard}`);
    if (failed) say(failed);
    say(`dashboard: ${dashboard}`);

    if (!server) return 0;
    if (options.keepServer) {
      server.keep = true;
      server.child.unref();
      // start.mjs -> with-db-env -> next-server share the process group; killing start.mjs alone would orphan next.
      say(`the server keeps running in the background (process group ${server.pid}, log ${server.logPath}); stop it with: kill -- -${server.pid}`);
      return 0;
    }
    if (options.wait) {
      say("the dashboard stays up; press Ctrl-C to stop the server");
      const ended = await Promise.race([nextInterrupt(), server.exited.then(() => "server")]);
      if (ended === "server") throw new DemoError(`the server stopped unexpectedly; its log: ${server.logPath}\n${server.logTail()}`);
      process.stdout.write("\n");
    }
    return 0;
  } finally {
    if (server && !server.keep) {
      onInterrupt = () => server.killGroup("SIGKILL"); // impatient: no graceful shutdown
      await server.stop();
    }
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    if (!(error instanceof DemoError)) throw error;
    process.stderr.write(`demo: ${error.message}\n`);
    process.exitCode = error.exitCode;
  },
);
