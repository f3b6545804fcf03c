/**
 * `#node-threads` outside Node (see ./node-threads.ts): no worker threads, so fitGaussianMixture's
 * `threads: "auto"` is one thread and an explicit n > 1 an error. Internal.
 * @module
 * @internal
 */
import type { NodeThreads } from "./node-threads.js";

/** Always null: no threads here. */
export function nodeThreads(): NodeThreads | null {
  return null;
}
