import { spawn, type ChildProcess } from "node:child_process";
import type { Socket } from "node:net";

// No orphans: a training run must not outlive its agent, however the agent dies (kill -9, a lost SSH session,
// the OOM killer), or it keeps a GPU busy while its trial is failed and retried elsewhere. One small watchdog
// process per agent holds a pipe from it; the agent writes "+<pgid>" when a run starts and "-<pgid>" when it
// ends. When the pipe closes (the kernel closes it for a dead agent) the watchdog sends SIGTERM to every group
// still listed, SIGKILL two seconds later, and exits. It is its own process group, so a signal to the agent's
// group does not take it first, and it holds nothing else: the agent exits whenever it likes.
const WATCHDOG = `
const groups = new Set();
let buffered = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  buffered += chunk;
  let nl;
  while ((nl = buffered.indexOf("\\n")) >= 0) {
    const line = buffered.slice(0, nl);
    buffered = buffered.slice(nl + 1);
    const pgid = Number(line.slice(1));
    if (!Number.isInteger(pgid) || pgid <= 1) continue;
    if (line[0] === "+") groups.add(pgid);
    else if (line[0] === "-") groups.delete(pgid);
  }
});
const kill = (signal) => { for (const g of groups) { try { process.kill(-g, signal); } catch {} } };
process.stdin.on("close", () => {
  if (groups.size === 0) process.exit(0);
  kill("SIGTERM");
  setTimeout(() => { kill("SIGKILL"); process.exit(0); }, 2000);
});
for (const s of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(s, () => {});
`;

let watchdog: ChildProcess | undefined;
let broken = false;

function ensure(): ChildProcess | undefined {
  if (watchdog || broken) return watchdog;
  try {
    watchdog = spawn(process.execPath, ["-e", WATCHDOG], { detached: true, stdio: ["pipe", "ignore", "ignore"] });
  } catch {
    broken = true;
    return undefined;
  }
  watchdog.on("error", () => {
    broken = true;
    watchdog = undefined;
  });
  watchdog.on("exit", () => {
    watchdog = undefined;
  });
  // Neither the process nor its pipe keeps the agent alive.
  watchdog.unref();
  // A child's stdin pipe is a net.Socket.
  const stdin = watchdog.stdin as Socket | null;
  stdin?.on("error", () => undefined);
  stdin?.unref();
  return watchdog;
}

/** A run's process group started: the watchdog kills it if this agent dies first. */
export function watchGroup(pgid: number): void {
  ensure()?.stdin?.write(`+${pgid}\n`);
}

/** The group ended (or was stopped by the agent itself). */
export function releaseGroup(pgid: number): void {
  watchdog?.stdin?.write(`-${pgid}\n`);
}
