/**
 * The optional multi-threaded E-step of fitGaussianMixture (`threads`), Node only.
 *
 * The E-step is one pass over the rows (see ./kernels.ts): responsibilities and log-densities per
 * row, and moments N_c, S1_c, S2_c about the current means summed over rows. So the rows are cut
 * into T contiguous blocks; the main thread runs the unchanged kernel on block 0 while T − 1
 * worker threads run it on theirs, and the main thread then adds the blocks' moments and
 * log-likelihoods in block order 0, 1, …, T − 1. The result is deterministic for a given T and
 * differs from the single-threaded pass only by the order of summation (relative differences of a
 * few ulps per iteration; the tests check 1e-12 relative on ℓ and the parameters after full fits).
 *
 * fitGaussianMixture is synchronous, so there is no async anywhere: a persistent pool of
 * worker_threads (created on first use, `unref()`ed so a process never waits for it, reused
 * across fits and restarts) sleeps in `Atomics.wait`; the data (X, weights) are copied into
 * SharedArrayBuffers once per fit, responsibilities and log-densities live in shared memory
 * (written in place by each block), the parameters are copied into a shared array before each
 * E-step, and the main thread waits for the workers with `Atomics.wait` (allowed on Node's main
 * thread). The protocol is in ./parallel-protocol.ts, the worker in ./parallel-worker.ts.
 *
 * worker_threads and os come through `#node-require`, so browser bundles never see them; there
 * "auto" is one thread and threads > 1 is an error.
 * @module
 * @internal
 */
import { DomainError, MlemError } from "../core/errors.js";
import { nodeThreads } from "#node-threads";
import { allocStats, eStepKernel, s2Length } from "./kernels.js";
import type { GmmStats } from "./covariance/types.js";
import { CMD_DRAIN, CMD_ESTEP, CTRL, type FitSetup, type PortMessage } from "./parallel-protocol.js";
import type { CovarianceType, GmmParams } from "./options.js";

type WorkerThreads = NonNullable<ReturnType<typeof nodeThreads>>["wt"];

/**
 * "auto" uses more than one thread only from this much work per E-step, n·k (rows × components):
 * below it the cost of waking the workers and of the per-iteration parameter copy is not repaid.
 * Measured on 2 cores (scripts/bench/gmm-threads.mjs --break-even): see README, "Threads".
 */
export const AUTO_MIN_WORK = 100_000;
/** "auto" uses at most this many threads (the machine's available parallelism if smaller). */
export const AUTO_MAX_THREADS = 2;
/**
 * The number of threads of a fit: "auto" → 1 outside Node, for the E-steps that do not run on the
 * threads (`unsupported` names why) and below {@link AUTO_MIN_WORK}; else min(available
 * parallelism, {@link AUTO_MAX_THREADS}). An explicit n > 1 where it cannot run is an error.
 * Never more threads than rows.
 * @internal
 */
export function resolveThreads(option: "auto" | number, n: number, k: number, unsupported: string | null, fn: string): number {
  if (option === 1) return 1;
  const node = nodeThreads();
  if (option === "auto") {
    if (node === null || unsupported !== null || n * k < AUTO_MIN_WORK) return 1;
    return Math.max(1, Math.min(node.availableParallelism(), AUTO_MAX_THREADS, n));
  }
  if (unsupported !== null) {
    throw new DomainError(`${fn}: threads = ${option} is not available with ${unsupported} (its E-step runs on one thread); use threads: 1 or "auto", or leave it out.`);
  }
  if (node === null) {
    throw new MlemError(
      `${fn}: threads = ${option} needs Node's worker_threads, and this is not Node (or Node older than 20.16 through import); use threads: 1 or "auto" (one thread here).`,
    );
  }
  return Math.min(option, n);
}

interface PoolWorker {
  /** The main thread's end of the worker's message channel. */
  port: InstanceType<WorkerThreads["MessageChannel"]>["port1"];
}

interface Pool {
  wt: WorkerThreads;
  ctrl: Int32Array;
  workers: PoolWorker[];
  /** Whether a parallel E-step object currently owns the pool (fits do not nest; refuse if they do). */
  busy: boolean;
}

let pool: Pool | null = null;

/** How long to wait for a new worker to load before giving up (its file missing or failing). */
const READY_TIMEOUT_MS = 30_000;

/** The pool with at least `count` workers, started (and waited for) as needed. */
function poolWith(count: number): Pool {
  const node = nodeThreads();
  if (node === null) throw new MlemError("fitGaussianMixture: threads > 1 needs Node's worker_threads.");
  if (pool === null) {
    pool = { wt: node.wt, ctrl: new Int32Array(new SharedArrayBuffer(CTRL.length * 4)), workers: [], busy: false };
  }
  const p = pool;
  if (p.workers.length >= count) return p;
  const file = node.workerFile();
  if (file === null) {
    throw new MlemError(
      "fitGaussianMixture: threads > 1: the worker file mixture/parallel-worker.js was not found next to this build of mlem " +
        "(running mlem from its TypeScript sources? build it with `node scripts/build-lib.mjs`); use threads: 1.",
    );
  }
  // A new worker must not miss a command: start them only between commands (no fit running).
  const started = p.workers.length;
  for (let slot = started; slot < count; slot++) {
    const { port1, port2 } = new p.wt.MessageChannel();
    const worker = new p.wt.Worker(file, { workerData: { control: p.ctrl.buffer, port: port2, slot }, transferList: [port2], execArgv: node.execArgv });
    worker.unref();
    port1.unref();
    p.workers.push({ port: port1 });
  }
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (let r = Atomics.load(p.ctrl, CTRL.ready); r < count; r = Atomics.load(p.ctrl, CTRL.ready)) {
    if (Atomics.wait(p.ctrl, CTRL.ready, r, Math.max(1, deadline - Date.now())) === "timed-out" && Date.now() >= deadline) {
      throw new MlemError(`fitGaussianMixture: threads > 1: ${count - r} worker thread(s) did not start within ${READY_TIMEOUT_MS / 1000} s (${file}); use threads: 1.`);
    }
  }
  return p;
}

/** Wakes every worker of the pool with `command` and waits until each has run it. */
function broadcast(p: Pool, command: number, bufferId = 0): void {
  Atomics.store(p.ctrl, CTRL.command, command);
  Atomics.store(p.ctrl, CTRL.bufferId, bufferId);
  Atomics.store(p.ctrl, CTRL.done, 0);
  Atomics.add(p.ctrl, CTRL.seq, 1);
  Atomics.notify(p.ctrl, CTRL.seq);
}

function waitAll(p: Pool): void {
  const need = p.workers.length;
  for (let v = Atomics.load(p.ctrl, CTRL.done); v < need; v = Atomics.load(p.ctrl, CTRL.done)) Atomics.wait(p.ctrl, CTRL.done, v);
  if (Atomics.load(p.ctrl, CTRL.errors) > 0) {
    Atomics.store(p.ctrl, CTRL.errors, 0);
    const messages: string[] = [];
    for (const w of p.workers) {
      for (let m = p.wt.receiveMessageOnPort(w.port); m !== undefined; m = p.wt.receiveMessageOnPort(w.port)) messages.push((m.message as { message: string }).message);
    }
    throw new MlemError(`fitGaussianMixture: a worker thread of the parallel E-step failed: ${messages.join("; ")}. Use threads: 1.`);
  }
}

function post(p: Pool, message: PortMessage): void {
  for (const w of p.workers) w.port.postMessage(message);
}

/** A parallel E-step over one fit's data, bound to the pool until {@link ParallelEStep.release}. @internal */
export interface ParallelEStep {
  /** E-step buffers whose resp and logDens are shared with the workers (use these stats with eStep). */
  allocStats(): GmmStats;
  /** The E-step: same contract as eStepKernel on the whole data. */
  eStep(params: GmmParams, stats: GmmStats): number;
  /** Lets the workers drop this fit's buffers; the pool stays for the next fit. */
  release(): void;
}

/**
 * A parallel E-step on `threads` blocks of X (copied into shared memory here, once).
 * @internal
 */
export function parallelEStep(X: Float64Array, n: number, d: number, k: number, type: CovarianceType, w: Float64Array | null, threads: number): ParallelEStep {
  if (pool?.busy) throw new MlemError("fitGaussianMixture: threads > 1: a threaded fit is already running on this thread (nested fits); use threads: 1 for the inner one.");
  const p = poolWith(threads - 1);
  const share = (a: Float64Array): SharedArrayBuffer => {
    const buf = new SharedArrayBuffer(a.length * 8);
    new Float64Array(buf).set(a);
    return buf;
  };
  const covLength = s2Length(type, d, k);
  const partialLength = k + k * d + covLength + 1;
  // Contiguous blocks of (almost) equal size, block 0 the main thread's.
  const bounds = Array.from({ length: threads + 1 }, (_, b) => Math.round((b * n) / threads));
  const paramsBuf = new SharedArrayBuffer((2 * k + k * d + 2 * covLength) * 8);
  const sharedParams = new Float64Array(paramsBuf);
  const partialsBuf = new SharedArrayBuffer(threads * partialLength * 8);
  const partials = new Float64Array(partialsBuf);
  const setup: FitSetup = { n, d, k, type, covLength, partialLength, bounds, X: share(X), w: w === null ? null : share(w), params: paramsBuf, partials: partialsBuf };
  post(p, { type: "fit", setup });
  broadcast(p, CMD_DRAIN);
  waitAll(p);
  p.busy = true;
  const X0 = X.subarray(0, bounds[1] * d);
  const w0 = w === null ? null : w.subarray(0, bounds[1]);
  const own = allocStats(0, d, k, type); // block 0's moments (its resp, logDens and scratch: the caller's stats)
  const ids = new WeakMap<Float64Array, number>();
  let nextId = 1;
  let released = false;
  return {
    allocStats() {
      const stats = allocStats(0, d, k, type);
      const respBuf = new SharedArrayBuffer(n * k * 8);
      const logDensBuf = new SharedArrayBuffer(n * 8);
      stats.resp = new Float64Array(respBuf);
      stats.logDens = new Float64Array(logDensBuf);
      const id = nextId++;
      ids.set(stats.resp, id);
      post(p, { type: "buffers", id, resp: respBuf, logDens: logDensBuf });
      return stats;
    },
    eStep(params, stats) {
      const id = ids.get(stats.resp);
      if (id === undefined || released) throw new Error("parallelEStep: stats not from this E-step's allocStats, or used after release");
      let o = 0;
      for (const a of [params.weights, params.means, params.cov, params.invChol, params.logDet]) {
        sharedParams.set(a, o);
        o += a.length;
      }
      broadcast(p, CMD_ESTEP, id);
      own.resp = stats.resp.subarray(0, bounds[1] * k);
      own.logDens = stats.logDens.subarray(0, bounds[1]);
      own.scratch = stats.scratch;
      let logLik = eStepKernel(X0, bounds[1], d, k, type, params, w0, own);
      stats.scratch = own.scratch; // made on first use by the kernel if absent
      waitAll(p);
      // Sum the blocks in order 0, 1, …: deterministic for a given number of threads.
      stats.shift.set(params.means);
      stats.nk.set(own.nk);
      stats.s1.set(own.s1);
      stats.s2.set(own.s2);
      const cl = stats.s2.length;
      for (let b = 1; b < threads; b++) {
        const base = b * partialLength;
        for (let c = 0; c < k; c++) stats.nk[c] += partials[base + c];
        for (let j = 0; j < k * d; j++) stats.s1[j] += partials[base + k + j];
        for (let j = 0; j < cl; j++) stats.s2[j] += partials[base + k + k * d + j];
        logLik += partials[base + partialLength - 1];
      }
      return logLik;
    },
    release() {
      if (released) return;
      released = true;
      p.busy = false;
      post(p, { type: "release" });
      broadcast(p, CMD_DRAIN);
      waitAll(p);
    },
  };
}
