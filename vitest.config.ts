import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

// lib/package.json's internal `#` imports that point into the build (lib/dist/esm) are pointed at
// the sources here, since the tests run lib/src (the Node variant: what `node` resolves to).
const libImports = JSON.parse(readFileSync(new URL("./lib/package.json", import.meta.url), "utf8")).imports as Record<string, { node?: string }>;
const sourceAliases = Object.fromEntries(
  Object.entries(libImports)
    .filter(([, target]) => target.node?.startsWith("./dist/esm/"))
    .map(([name, target]) => [name, new URL(`./lib/src/${target.node!.slice("./dist/esm/".length).replace(/\.js$/, ".ts")}`, import.meta.url).pathname]),
);

export default defineConfig({
  resolve: { alias: sourceAliases },
  test: {
    include: ["lib/test/**/*.test.ts", "tests/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores on CI: keep the worker count honest.
    maxWorkers: 2,
  },
});
