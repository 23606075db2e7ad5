import { execFile, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "./server";

const run = promisify(execFile);
const BINARIES = ["/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sbatch", "/usr/bin/squeue", "/usr/bin/scancel", "/usr/bin/sinfo"];

export interface SlurmCluster {
  /** SLURM_CONF and the rest a client command needs to reach this cluster. */
  env: Record<string, string>;
  /** `sbatch --parsable ...`: the job id. */
  sbatch(args: string[], env: Record<string, string>): Promise<string>;
  /** The job's tasks still queued or running (`squeue -h -j id`), one line each. */
  queued(jobId: string): Promise<string[]>;
  scancel(jobId: string): Promise<void>;
  /** The daemons' logs, for a failing test's message. */
  logs(): string;
  stop(): Promise<void>;
}

/**
 * A one-node Slurm cluster from Debian's slurm-wlm, all in a temp directory: its own munged (own key and socket),
 * slurmctld and slurmd in the foreground on free ports, the node named after this host at 127.0.0.1. Nothing of the
 * machine's own Slurm or munge configuration is used or touched.
 */
export async function startSlurm(): Promise<SlurmCluster> {
  const missing = BINARIES.filter((b) => !existsSync(b));
  if (missing.length > 0) throw new Error(`Slurm not found (${missing.join(", ")}): apt-get install -y slurmctld slurmd slurm-client munge (.ci/run does)`);
  const dir = mkdtempSync(join(tmpdir(), "sweepboard-slurm-"));
  chmodSync(dir, 0o755);
  for (const sub of ["munge", "state", "spool", "log"]) mkdirSync(join(dir, sub), { mode: 0o755 });
  chmodSync(join(dir, "munge"), 0o700);
  const key = join(dir, "munge", "munge.key");
  writeFileSync(key, Buffer.from(Array.from({ length: 1024 }, () => Math.floor(Math.random() * 256))), { mode: 0o400 });
  const socket = join(dir, "munge", "munge.socket");
  const node = hostname().split(".")[0] || "localhost";
  const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
  const conf = join(dir, "slurm.conf");
  writeFileSync(
    conf,
    [
      "ClusterName=sweepboard-e2e",
      `SlurmctldHost=${node}(127.0.0.1)`,
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      "AuthType=auth/munge",
      `AuthInfo=socket=${socket}`,
      "CredType=cred/munge",
      "SlurmUser=root",
      "SlurmdUser=root",
      `StateSaveLocation=${join(dir, "state")}`,
      `SlurmdSpoolDir=${join(dir, "spool")}`,
      `SlurmctldPidFile=${join(dir, "slurmctld.pid")}`,
      `SlurmdPidFile=${join(dir, "slurmd.pid")}`,
      `SlurmctldLogFile=${join(dir, "log", "slurmctld.log")}`,
      `SlurmdLogFile=${join(dir, "log", "slurmd.log")}`,
      "ProctrackType=proctrack/linuxproc",
      "TaskPlugin=task/none",
      "SchedulerType=sched/builtin",
      "SelectType=select/cons_tres",
      "SelectTypeParameters=CR_CPU",
      "ReturnToService=2",
      "MpiDefault=none",
      "JobAcctGatherType=jobacct_gather/none",
      "AccountingStorageType=accounting_storage/none",
      // Slurm's own default of 30 s before SIGKILL: the worker must stop well within it.
      "KillWait=30",
      `NodeName=${node} NodeAddr=127.0.0.1 CPUs=${cpus().length} State=UNKNOWN`,
      `PartitionName=e2e Nodes=${node} Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:4`,
      "",
    ].join("\n"),
  );
  const env = { SLURM_CONF: conf };
  const children: ChildProcess[] = [];
  const daemon = (bin: string, args: string[]) => {
    const child = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"], detached: false });
    let err = "";
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    children.push(child);
    return () => err;
  };
  const mungeErr = daemon("/usr/sbin/munged", ["-F", "-f", `--socket=${socket}`, `--key-file=${key}`, `--log-file=${join(dir, "log", "munged.log")}`, `--pid-file=${join(dir, "munge", "munged.pid")}`, `--seed-file=${join(dir, "munge", "seed")}`]);
  await waitFor(() => existsSync(socket), 10_000, () => `munged did not start: ${mungeErr()}`);
  const ctldErr = daemon("/usr/sbin/slurmctld", ["-D", "-c", "-f", conf]);
  const slurmdErr = daemon("/usr/sbin/slurmd", ["-D", "-N", node, "-f", conf]);
  const readLog = (name: string) => (existsSync(join(dir, "log", name)) ? readFileSync(join(dir, "log", name), "utf8") : "");
  const logs = () => `slurmctld: ${ctldErr()}${readLog("slurmctld.log").slice(-3000)}\nslurmd: ${slurmdErr()}${readLog("slurmd.log").slice(-3000)}`;
  const client = async (bin: string, args: string[], extraEnv: Record<string, string> = {}) =>
    (await run(bin, args, { env: { ...process.env, ...extraEnv, ...env }, timeout: 20_000 })).stdout;

  await waitFor(
    async () => {
      try {
        return (await client("/usr/bin/sinfo", ["-h", "-o", "%T"])).trim() === "idle";
      } catch {
        return false;
      }
    },
    30_000,
    () => `the one-node cluster did not come up idle:\n${logs()}`,
  );

  return {
    env,
    logs,
    sbatch: async (args, jobEnv) => (await client("/usr/bin/sbatch", ["--parsable", ...args], jobEnv)).trim().split(";")[0]!,
    queued: async (jobId) => (await client("/usr/bin/squeue", ["-h", "-j", jobId, "-o", "%i %T"])).split("\n").filter((l) => l.trim() !== ""),
    scancel: async (jobId) => void (await client("/usr/bin/scancel", [jobId])),
    stop: async () => {
      try {
        await client("/usr/bin/scancel", ["--partition=e2e"]);
      } catch {
        // The controller is already gone.
      }
      for (const child of children.reverse()) {
        if (child.exitCode !== null) continue;
        child.kill("SIGTERM");
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            child.kill("SIGKILL");
            resolve();
          }, 5_000);
          child.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitFor(ok: () => boolean | Promise<boolean>, ms: number, why: () => string): Promise<void> {
  const until = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > until) throw new Error(why());
    await new Promise((r) => setTimeout(r, 200));
  }
}
