import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./server";

const NGINX = ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"];

export interface Nginx {
  /** Where the example's `listen 443 ssl` listens, and its `listen 80`. */
  tlsPort: number;
  httpPort: number;
  /** The self-signed certificate the TLS server presents (for `sweep.example.test` and 127.0.0.1). */
  certFile: string;
  certPem: string;
  /** The access log so far, one line per request: `<upstream address(es)> <status> <method> <uri>`. */
  accessLog(): string[];
  /** nginx's error log so far. */
  errorLog(): string;
  stop(): Promise<void>;
}

/**
 * Debian's nginx in the foreground (its own prefix, pid file and logs in a temp directory, free ports) running an
 * http-context config file as it is but for `replacements`, each of which must occur in it: the test fails
 * when the example no longer says what the test replaces.
 */
export async function startNginx(exampleFile: string, replacements: (ports: { tlsPort: number; httpPort: number; certFile: string; keyFile: string }) => Array<[string, string]>): Promise<Nginx> {
  const bin = NGINX.find((p) => existsSync(p));
  if (!bin) throw new Error("nginx not found: apt-get install -y nginx (.ci/run does)");
  const dir = mkdtempSync(join(tmpdir(), "sweepboard-nginx-"));
  // The workers run as nobody when we are root: they must reach the temp folders.
  chmodSync(dir, 0o755);
  mkdirSync(join(dir, "tmp"), { mode: 0o777 });
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=sweep.example.test", "-addext", "subjectAltName=DNS:sweep.example.test,IP:127.0.0.1", "-keyout", keyFile, "-out", certFile], { stdio: "pipe" });
  const tlsPort = await freePort();
  const httpPort = await freePort();
  let site = readFileSync(exampleFile, "utf8");
  for (const [from, to] of replacements({ tlsPort, httpPort, certFile, keyFile })) {
    if (!site.includes(from)) throw new Error(`${exampleFile} no longer contains ${JSON.stringify(from)}`);
    site = site.replaceAll(from, to);
  }
  writeFileSync(join(dir, "site.conf"), site);
  const conf = join(dir, "nginx.conf");
  const tmp = (name: string) => `${name}_temp_path ${join(dir, "tmp", name)};`;
  writeFileSync(
    conf,
    [
      "worker_processes 1;",
      `pid ${join(dir, "nginx.pid")};`,
      `error_log ${join(dir, "error.log")} warn;`,
      "events { worker_connections 512; }",
      "http {",
      "  log_format upstreams '$upstream_addr $status $request_method $request_uri';",
      `  access_log ${join(dir, "access.log")} upstreams;`,
      ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((n) => `  ${tmp(n)}`),
      `  include ${join(dir, "site.conf")};`,
      "}",
      "",
    ].join("\n"),
  );
  const args = ["-p", dir, "-e", join(dir, "error.log"), "-c", conf];
  execFileSync(bin, [...args, "-t"], { stdio: "pipe" });
  const child: ChildProcess = spawn(bin, [...args, "-g", "daemon off;"], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const read = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), "utf8") : "");
  const listening = (port: number) =>
    new Promise<boolean>((resolve) => {
      const s = connect(port, "127.0.0.1", () => (s.end(), resolve(true)));
      s.on("error", () => resolve(false));
    });
  for (const deadline = Date.now() + 10_000; !((await listening(tlsPort)) && (await listening(httpPort))); await new Promise((r) => setTimeout(r, 100))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`nginx did not start:\n${output}\n${read("error.log")}`);
  }
  return {
    tlsPort,
    httpPort,
    certFile,
    certPem: readFileSync(certFile, "utf8"),
    accessLog: () => read("access.log").split("\n").filter(Boolean),
    errorLog: () => read("error.log"),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM"); // fast shutdown: master and worker exit at once
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
