// examples/kubernetes/sweepboard-worker-job.yaml cannot run here (no cluster): this checks what would break it
// silently. The worker's arguments must be ones `sweepboard worker` accepts today, the CLI must be fetched from the
// server into the volume the worker reads it from, the token must come from a Secret, and the URL be said once.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { parseWorkerArgs } from "@/lib/agent/args";

const file = fileURLToPath(new URL("../../../examples/kubernetes/sweepboard-worker-job.yaml", import.meta.url));

interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: Array<{ name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string }; fieldRef?: { fieldPath: string } } }>;
  envFrom?: Array<{ configMapRef?: { name: string } }>;
  volumeMounts?: Array<{ name: string; mountPath: string }>;
  resources?: { limits?: Record<string, unknown> };
}

const docs = parseAllDocuments(readFileSync(file, "utf8")).map((d) => {
  expect(d.errors).toEqual([]);
  return d.toJS() as { apiVersion: string; kind: string; metadata: { name: string }; data?: Record<string, string>; spec?: any };
});
const configMap = docs.find((d) => d.kind === "ConfigMap")!;
const job = docs.find((d) => d.kind === "Job")!;
const pod = job.spec.template.spec as { restartPolicy: string; initContainers: Container[]; containers: Container[]; volumes: Array<{ name: string }>; terminationGracePeriodSeconds: number };
const init = pod.initContainers[0]!;
const worker = pod.containers.find((c) => c.name === "worker")!;

/** Kubernetes' $(VAR) expansion of args, from the container's env fieldRefs. */
function expand(args: string[], vars: Record<string, string>): string[] {
  return args.map((a) => a.replace(/\$\(([A-Z_]+)\)/g, (m, name: string) => vars[name] ?? m));
}

describe("the Kubernetes worker Job example", () => {
  it("is a batch/v1 Job of worker pods with a ConfigMap naming the server once", () => {
    expect(job.apiVersion).toBe("batch/v1");
    expect(job.spec.parallelism).toBeGreaterThan(0);
    expect(["OnFailure", "Never"]).toContain(pod.restartPolicy);
    expect(configMap.data?.SWEEPBOARD_URL).toMatch(/^https?:\/\//);
    for (const c of [init, worker]) expect(c.envFrom?.map((e) => e.configMapRef?.name)).toEqual([configMap.metadata.name]);
    expect(JSON.stringify(pod)).not.toContain("sweepboard.default.svc");
  });

  it("fetches the standalone CLI from the server into the volume the worker runs it from", () => {
    const script = [...(init.command ?? []), ...(init.args ?? [])].join(" ");
    const out = /-o (\S+)/.exec(script)?.[1];
    expect(script).toContain('"$SWEEPBOARD_URL/sweepboard.mjs"');
    expect(script).toMatch(/curl -fsS/);
    const initMount = init.volumeMounts![0]!;
    const workerMount = worker.volumeMounts!.find((m) => m.name === initMount.name)!;
    expect(pod.volumes.map((v) => v.name)).toContain(initMount.name);
    expect(out).toBe(`${initMount.mountPath}/sweepboard.mjs`);
    expect(worker.command).toEqual(["node", `${workerMount.mountPath}/sweepboard.mjs`]);
  });

  it("runs `sweepboard worker` with arguments the CLI accepts, a GPU per slot and the token from a Secret", () => {
    const token = worker.env!.find((e) => e.name === "SWEEPBOARD_TOKEN")!;
    expect(token.value).toBeUndefined();
    expect(token.valueFrom?.secretKeyRef).toEqual({ name: "sweepboard", key: "token" });
    const podName = worker.env!.find((e) => e.name === "POD_NAME")!;
    expect(podName.valueFrom?.fieldRef?.fieldPath).toBe("metadata.name");

    const [verb, ...rest] = expand(worker.args!, { POD_NAME: "sweepboard-workers-x7k2p" });
    expect(verb).toBe("worker");
    const parsed = parseWorkerArgs(rest, { SWEEPBOARD_URL: configMap.data!.SWEEPBOARD_URL, SWEEPBOARD_TOKEN: "sb_from_secret" }, "pod");
    if (parsed.help) throw new Error("the example asks for --help");
    expect(parsed.options).toMatchObject({ name: "sweepboard-workers-x7k2p", cwd: "/workspace" });
    expect(parsed.options.exitWhenIdleSec).toBeGreaterThan(0);
    expect(parsed.options.gpus).toHaveLength(parsed.options.slots);
    expect(worker.resources?.limits?.["nvidia.com/gpu"]).toBe(parsed.options.slots);
    // SIGTERM on eviction: the worker stops its runs within the pod's grace.
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
  });
});
