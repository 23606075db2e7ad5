import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The layering of shared/ARCHITECTURE.md is enforced by lint: each probe is a one-line file placed in a
// layer, importing something that layer must not see. lintText with a filePath applies that folder's rules
// without writing the file.
const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

const forbidden: Array<[string, string, string]> = [
  ["lib/optimizer -> lib/db", "lib/optimizer/probe.ts", `import { db } from "@/lib/db/client";\nexport const x = db;\n`],
  ["lib/optimizer -> lib/db (relative)", "lib/optimizer/probe.ts", `import { db } from "../db/client";\nexport const x = db;\n`],
  ["lib/optimizer -> lib/shared", "lib/optimizer/probe.ts", `import { downsampleMinMax } from "@/lib/shared/downsample";\nexport const x = downsampleMinMax;\n`],
  ["components -> lib/db", "components/probe.tsx", `import { db } from "@/lib/db/client";\nexport const x = db;\n`],
  ["components -> lib/server", "components/probe.tsx", `import { getExperiment } from "@/lib/server/get-experiment";\nexport const x = getExperiment;\n`],
  ["components -> app", "components/probe.tsx", `import { setArchivedAction } from "@/app/actions";\nexport const x = setArchivedAction;\n`],
  ["lib/server -> lib/client", "lib/server/probe.ts", `import { fetchJson } from "@/lib/client/fetch-json";\nexport const x = fetchJson;\n`],
  ["lib/client -> lib/db", "lib/client/probe.ts", `import { db } from "@/lib/db/client";\nexport const x = db;\n`],
  ["lib/agent -> lib/db", "lib/agent/probe.ts", `import { db } from "@/lib/db/client";\nexport const x = db;\n`],
  ["lib/schemas -> lib/http", "lib/schemas/probe.ts", `import { AppError } from "@/lib/http/errors";\nexport const x = AppError;\n`],
  ["app -> lib/db", "app/probe.ts", `import { db } from "@/lib/db/client";\nexport const x = db;\n`],
];

// The first lint loads every plugin and resolver (4-6 s on a busy 2-core machine): more than vitest's 5 s default.
describe("layering lint", { timeout: 60_000 }, () => {
  it.each(forbidden)("rejects %s", async (_label, file, code) => {
    expect(await ruleIds(file, code)).toContain("import/no-restricted-paths");
  });

  it("accepts imports the table allows", async () => {
    const allowed: Array<[string, string]> = [
      ["lib/server/probe.ts", `import { downsampleMinMax } from "@/lib/shared/downsample";\nexport const x = downsampleMinMax;\n`],
      ["components/probe.tsx", `import { fetchJson } from "@/lib/client/fetch-json";\nexport const x = fetchJson;\n`],
      ["lib/db/probe.ts", `import { parseSpace } from "@/lib/optimizer";\nexport const x = parseSpace;\n`],
      ["app/probe.ts", `import { getExperiment } from "@/lib/server/get-experiment";\nexport const x = getExperiment;\n`],
    ];
    for (const [file, code] of allowed) expect(await ruleIds(file, code), file).not.toContain("import/no-restricted-paths");
  });
});

describe("database drivers stay in lib/db", { timeout: 60_000 }, () => {
  it.each([
    ["lib/server", "lib/server/probe.ts"],
    ["app", "app/probe.ts"],
  ])("rejects pg in %s", async (_label, file) => {
    expect(await ruleIds(file, `import pg from "pg";\nexport const x = pg;\n`)).toContain("no-restricted-imports");
  });

  it("accepts pg in lib/db", async () => {
    expect(await ruleIds("lib/db/probe.ts", `import pg from "pg";\nexport const x = pg;\n`)).not.toContain("no-restricted-imports");
  });
});
