/**
 * The worker thread of the parallel Gaussian-mixture E-step (see ./parallel.ts, which starts it
 * and owns the protocol). Node only: it is started by `new Worker(file)` from the same build
 * (dist/esm or dist/cjs) as parallel.ts, never imported by the package's entry points.
 *
 * It sleeps in `Atomics.wait` on the pool's control word and, when woken, first drains its message
 * port synchronously (`receiveMessageOnPort`: a new fit's shared buffers, a new set of
 * responsibility buffers, a release), then runs the command: the unchanged E-step kernel on its
 * block of rows, writing responsibilities and log-densities into the shared arrays and its moments
 * and log-likelihood into its slot of the shared partial sums.
 * @module
 * @internal
 */
import { receiveMessageOnPort, workerData, type MessagePort } from "node:worker_threads";
import { allocStats, eStepKernel } from "./kernels.js";
import type { GmmStats } from "./covariance/types.js";
import { CTRL, CMD_ESTEP, type FitSetup, type PortMessage } from "./parallel-protocol.js";
import type { GmmParams } from "./options.js";

const { control, port, slot } = workerData as { control: SharedArrayBuffer; port: MessagePort; slot: number };
const ctrl = new Int32Array(control);

let fit: {
  setup: FitSetup;
  X: Float64Array;
  w: Float64Array | null;
  params: GmmParams;
  stats: GmmStats;
  partial: Float64Array;
  buffers: Map<number, { resp: Float64Array; logDens: Float64Array }>;
} | null = null;

function onMessage(m: PortMessage): void {
  if (m.type === "release") {
    fit = null;
    return;
  }
  if (m.type === "fit") {
    const s = m.setup;
    const { d, k, type } = s;
    if (slot + 2 >= s.bounds.length) {
      fit = null; // a pool larger than this fit needs: this worker has no block
      return;
    }
    const [r0, r1] = [s.bounds[slot + 1], s.bounds[slot + 2]]; // slot 0 is the main thread's block 0
    const p = new Float64Array(s.params);
    let o = 0;
    const take = (len: number) => p.subarray(o, (o += len));
    const params: GmmParams = { weights: take(k), means: take(k * d), cov: take(s.covLength), invChol: take(s.covLength), logDet: take(k) };
    const partial = new Float64Array(s.partials, (slot + 1) * s.partialLength * 8, s.partialLength);
    const stats = allocStats(0, d, k, type);
    stats.nk = partial.subarray(0, k);
    stats.s1 = partial.subarray(k, k + k * d);
    stats.s2 = partial.subarray(k + k * d, s.partialLength - 1);
    fit = {
      setup: s,
      X: new Float64Array(s.X).subarray(r0 * d, r1 * d),
      w: s.w === null ? null : new Float64Array(s.w).subarray(r0, r1),
      params,
      stats,
      partial,
      buffers: new Map(),
    };
    return;
  }
  if (fit === null) return;
  const { k } = fit.setup;
  const [r0, r1] = [fit.setup.bounds[slot + 1], fit.setup.bounds[slot + 2]];
  fit.buffers.set(m.id, { resp: new Float64Array(m.resp).subarray(r0 * k, r1 * k), logDens: new Float64Array(m.logDens).subarray(r0, r1) });
}

function runCommand(): void {
  if (Atomics.load(ctrl, CTRL.command) !== CMD_ESTEP || fit === null) return;
  const f = fit;
  const b = f.buffers.get(Atomics.load(ctrl, CTRL.bufferId));
  if (b === undefined) throw new Error("parallel E-step: responsibilities buffer not registered with the worker");
  f.stats.resp = b.resp;
  f.stats.logDens = b.logDens;
  const { d, k, type } = f.setup;
  const rows = f.setup.bounds[slot + 2] - f.setup.bounds[slot + 1];
  f.partial[f.partial.length - 1] = eStepKernel(f.X, rows, d, k, type, f.params, f.w, f.stats);
}

// Read the command counter before saying ready: the main thread broadcasts once all are ready.
let seen = Atomics.load(ctrl, CTRL.seq);
Atomics.add(ctrl, CTRL.ready, 1);
Atomics.notify(ctrl, CTRL.ready);
for (;;) {
  Atomics.wait(ctrl, CTRL.seq, seen);
  seen = Atomics.load(ctrl, CTRL.seq);
  try {
    for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) onMessage(m.message as PortMessage);
    runCommand();
  } catch (e) {
    port.postMessage({ slot, message: e instanceof Error ? e.message : String(e) });
    Atomics.add(ctrl, CTRL.errors, 1);
  }
  Atomics.add(ctrl, CTRL.done, 1);
  Atomics.notify(ctrl, CTRL.done);
}
