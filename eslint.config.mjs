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
    // The layering of shared/ARCHITECTURE.md, as import zones: a probe import that breaks it fails lint.
    // Paths resolve through tsconfig's "@/*" alias, so "@/lib/db/x" and "../db/x" are the same import.
    files: ["**/*.{ts,tsx,mts,mjs}"],
    rules: {
      "import/no-restricted-paths": [
        "error",
        {
          basePath: import.meta.dirname,
          zones: [
            { target: "./lib/optimizer", from: ".", except: ["./lib/optimizer", "./node_modules"], message: "lib/optimizer imports nothing outside itself." },
            { target: "./lib/shared", from: ".", except: ["./lib/shared", "./node_modules"], message: "lib/shared is pure code shared by server and browser: it imports nothing outside itself." },
            { target: "./components", from: ["./lib/db", "./lib/server", "./lib/cli", "./lib/agent", "./lib/generated", "./app"], message: "Components take data and server actions as props: no database, use cases or app/ imports." },
            { target: "./lib/client", from: ["./lib/db", "./lib/server", "./lib/cli", "./lib/generated", "./app", "./components"], message: "lib/client runs in the browser: schemas, shared code and optimizer types only." },
            { target: "./lib/server", from: ["./lib/client", "./components", "./app", "./lib/agent", "./lib/cli"], message: "Use cases serve routes and actions; they never import browser code or app/." },
            { target: "./lib/db", from: ["./lib/server", "./lib/client", "./components", "./app", "./lib/agent", "./lib/cli", "./lib/http"], message: "lib/db is the bottom layer: Prisma and optimizer types only." },
            { target: "./lib/schemas", from: ["./lib/db", "./lib/server", "./lib/client", "./components", "./app", "./lib/http", "./lib/agent", "./lib/cli"], message: "lib/schemas holds boundary schemas: zod and optimizer types only." },
            { target: "./lib/http", from: ["./lib/db", "./lib/server", "./lib/client", "./components", "./app", "./lib/agent", "./lib/cli"], message: "lib/http holds the error type and wrappers: it may import lib/schemas only." },
            { target: "./lib/agent", from: ["./lib/db", "./lib/server", "./lib/client", "./components", "./app", "./lib/cli", "./lib/generated"], message: "The agent talks to the server over HTTP only." },
            { target: "./app", from: ["./lib/db", "./lib/generated"], message: "Pages and routes call use cases in lib/server, never the database." },
          ],
        },
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
            { group: ["@/lib/generated/*", "@prisma/*", "better-sqlite3", "pg", "pg-*"], message: "Database access lives in lib/db only." },
          ],
        },
      ],
    },
  },
]);
