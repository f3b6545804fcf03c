/**
 * `#node-threads` in Node (lib/package.json "imports"; ./no-threads.ts elsewhere): what the
 * parallel E-step (./parallel.ts) needs from Node, loaded on first use through `#node-require`, so
 * that browser bundles hold no Node code. Internal: not exported from the package.
 * @module
 * @internal
 */
import { nodeRequire } from "#node-require";

/** worker_threads, the available parallelism, the worker's flags and its entry file; null without a require. */
export interface NodeThreads {
  wt: typeof import("node:worker_threads");
  availableParallelism: () => number;
  /** The process's flags minus --input-type (for `node -e` code; a worker given it as a file never starts). */
  execArgv: string[];
  /** The worker entry file next to this build (dist/esm or dist/cjs), or null if absent (running from the sources). */
  workerFile: () => string | null;
}

let cached: NodeThreads | null | undefined;

/** Node's threading pieces, or null on Node older than 20.16 loading the ES module build. */
export function nodeThreads(): NodeThreads | null {
  if (cached !== undefined) return cached;
  const req = nodeRequire();
  cached =
    req === null
      ? null
      : {
          wt: req("node:worker_threads") as typeof import("node:worker_threads"),
          availableParallelism: () => (req("node:os") as typeof import("node:os")).availableParallelism(),
          execArgv: process.execArgv.filter((f) => !f.startsWith("--input-type")),
          workerFile: () => {
            try {
              return req.resolve("../mixture/parallel-worker.js"); // relative to core/node-require.js
            } catch {
              return null;
            }
          },
        };
  return cached;
}
