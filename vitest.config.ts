import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["lib/test/**/*.test.ts", "tests/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores on CI: keep the worker count honest.
    maxWorkers: 2,
  },
});
