/**
 * The shared-memory protocol between ./parallel.ts (the main thread) and ./parallel-worker.ts.
 * One Int32Array over a SharedArrayBuffer per pool, indexed by {@link CTRL}: the main thread
 * writes the command, zeroes `done`, bumps `seq` and notifies; each worker wakes, drains its
 * message port, runs the command, and bumps `done` (and `errors` on failure, with the message on
 * its port). Large data travel once per fit as SharedArrayBuffers in a {@link FitSetup} message.
 * @module
 * @internal
 */
import type { CovarianceType } from "./options.js";

/** Indices into the control array. @internal */
export const CTRL = { seq: 0, command: 1, bufferId: 2, done: 3, errors: 4, ready: 5, length: 6 } as const;
/** Command: run the E-step on the worker's block. @internal */
export const CMD_ESTEP = 1;
/** Command: only drain the message port (a new fit, new buffers, a release). @internal */
export const CMD_DRAIN = 2;

/**
 * One fit's shared buffers: X (n×d), w (n) or null, the parameters (weights k, means k·d, cov and
 * invChol covLength each, logDet k), and the partial sums, one slot of partialLength per block
 * (nk k, s1 k·d, s2, then ℓ). bounds: block b holds rows [bounds[b], bounds[b + 1]); block 0 is the
 * main thread's, block j + 1 worker j's.
 * @internal
 */
export interface FitSetup {
  n: number;
  d: number;
  k: number;
  type: CovarianceType;
  covLength: number;
  partialLength: number;
  bounds: number[];
  X: SharedArrayBuffer;
  w: SharedArrayBuffer | null;
  params: SharedArrayBuffer;
  partials: SharedArrayBuffer;
}

/** A message on a worker's port. @internal */
export type PortMessage =
  | { type: "fit"; setup: FitSetup }
  | { type: "buffers"; id: number; resp: SharedArrayBuffer; logDens: SharedArrayBuffer }
  | { type: "release" };
