import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([".next/**", "out/**", "lib/generated/**", "next-env.d.ts", "bench/results/**", "data/**"]),
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Tests read untyped JSON responses; asserting on `any` there is clearer than casting every field.
    files: ["tests/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // The engine is pure: no framework, database or Node imports, so it runs anywhere and stays testable.
    files: ["lib/optimizer/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["node:*", "next", "next/*", "react", "react-*", "@prisma/*", "@/lib/generated/*", "zod"], message: "lib/optimizer imports nothing outside itself." },
            { group: ["@/*", "../../*"], message: "lib/optimizer imports nothing outside itself." },
          ],
        },
      ],
      "no-restricted-globals": ["error", { name: "process", message: "lib/optimizer reads no environment: pass settings in." }, "window", "document"],
      "no-restricted-properties": [
        "error",
        { object: "Math", property: "random", message: "Pass an Rng in: the engine must be reproducible." },
        { object: "Date", property: "now", message: "Pass a clock in: the engine must be reproducible." },
      ],
    },
  },
  {
    // Only lib/db talks to the database.
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/server/**/*.ts", "lib/client/**/*.ts", "lib/agent/**/*.ts", "lib/http/**/*.ts", "lib/schemas/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/lib/generated/*", "@prisma/*", "better-sqlite3"], message: "Database access lives in lib/db only." },
          ],
        },
      ],
    },
  },
]);
