#!/usr/bin/env node
// Bundles server/main.ts (the production server) into .next/sweepboard-server.mjs, after `next build`.
// The route table comes from the route.ts files under app/api/v1 (api-route-files.mjs), so no list of
// routes is kept by hand; packages stay imports of node_modules, so the bundle and Next share one copy of each.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { apiRouteFiles } from "./api-route-files.mjs";

const root = new URL("..", import.meta.url).pathname;
const serverBundle = join(root, ".next/sweepboard-server.mjs");

const virtualRoutes = {
  name: "sweepboard-api-routes",
  setup(b) {
    b.onResolve({ filter: /^sweepboard:api-routes$/ }, () => ({ path: "api-routes", namespace: "sweepboard" }));
    b.onLoad({ filter: /.*/, namespace: "sweepboard" }, () => {
      const files = apiRouteFiles();
      const imports = files.map(([, file], i) => `import * as r${i} from ${JSON.stringify(file)};`).join("\n");
      const table = files.map(([path], i) => `{ path: ${JSON.stringify(path)}, module: r${i} }`).join(",\n");
      return { contents: `${imports}\nexport const routeFiles = [\n${table}\n];\n`, loader: "js", resolveDir: root };
    });
    // A marker package for Next's bundler (it throws when imported outside a server component build).
    b.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: "sweepboard-empty" }));
    b.onLoad({ filter: /.*/, namespace: "sweepboard-empty" }, () => ({ contents: "", loader: "js" }));
  },
};

// The standalone CLI (lib/agent/standalone.ts): one file with everything bundled, for `node sweepboard.mjs agent`
// on a machine with only Node; the server serves it at /sweepboard.mjs. Its build id is a hash of its code,
// written beside it for the server's X-Sweepboard-Build header.
const cliOptions = {
  entryPoints: [join(root, "lib/agent/standalone.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  tsconfig: join(root, "tsconfig.json"),
  logLevel: "warning",
  minifyWhitespace: true,
  minifySyntax: true,
  banner: { js: '#!/usr/bin/env node\nimport { createRequire as __sweepboardRequire } from "node:module"; const require = __sweepboardRequire(import.meta.url);' },
  write: false,
};
const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;
const probe = await build({ ...cliOptions, define: { SWEEPBOARD_BUILD: '"-"', SWEEPBOARD_VERSION: JSON.stringify(version) } });
const buildId = createHash("sha256").update(probe.outputFiles[0].contents).digest("hex").slice(0, 12);
const cli = await build({ ...cliOptions, define: { SWEEPBOARD_BUILD: JSON.stringify(buildId), SWEEPBOARD_VERSION: JSON.stringify(version) } });
mkdirSync(join(root, ".next"), { recursive: true });
writeFileSync(join(root, ".next/sweepboard-cli.mjs"), cli.outputFiles[0].contents, { mode: 0o755 });
writeFileSync(join(root, ".next/sweepboard-cli.build"), buildId);

await build({
  entryPoints: [join(root, "server/main.ts")],
  outfile: serverBundle,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  tsconfig: join(root, "tsconfig.json"),
  plugins: [virtualRoutes],
  sourcemap: true,
  logLevel: "warning",
  banner: { js: 'import { createRequire as __sweepboardRequire } from "node:module"; const require = __sweepboardRequire(import.meta.url);' },
});
