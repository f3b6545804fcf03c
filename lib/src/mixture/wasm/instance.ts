/**
 * The WebAssembly SIMD kernels (kernels.wat, assembled into bytes.ts), instantiated on first use,
 * synchronously, once per thread; and a bump allocator over their memory (internal).
 *
 * Why: V8 runs the JavaScript kernels as scalar code; the same loops as f64x2 SIMD do two
 * multiply-adds per instruction without bounds checks (scripts/bench/gmm.mjs measures the result).
 * The WebAssembly functions compute bit-for-bit what the JavaScript primitives compute (same
 * operations in the same order), so which one runs never changes a result.
 *
 * Fallback: where WebAssembly or its SIMD is unavailable (or refused, e.g. a browser that forbids
 * synchronous compilation), {@link wasmKernels} returns null and the kernels run in JavaScript.
 * `MLEM_WASM=0` in the environment (Node) turns the WebAssembly kernels off.
 * @module
 * @internal
 */
import { EXP_CONSTANTS, EXP_TABLE, POW2_NEG } from "../kernel-primitives.js";
import { KERNELS_WASM_BASE64 } from "./bytes.js";

/** Doubles at the start of the memory that hold the exponential's constants (kernels.wat's layout). */
const CONSTS_END = 72 + POW2_NEG.length;

/** The part of WebAssembly.Memory used here (the package's types do not depend on the DOM or Node's lib). @internal */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The part of the global WebAssembly object used here. */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
}

/** The exports of kernels.wat; addresses are byte offsets into `memory`. @internal */
export interface KernelExports {
  memory: WasmMemory;
  fullQuadForms(xt: number, means: number, W: number, lc: number, D: number, lpB: number, d: number, k: number, B: number, mPad: number): void;
  moments(D: number, wT: number, B: number, d: number, mPad: number, R: number, nk: number, s1: number, s2: number): void;
  fullMoments(D: number, wT: number, B: number, d: number, k: number, mPad: number, R: number, nk: number, s1: number, s2: number): void;
  diagForms(xb: number, xt: number, means: number, W: number, lc: number, lpB: number, sqT: number, d: number, k: number, B: number, mPad: number, spherical: number): void;
  tiedForms(xb: number, m0: number, W: number, mW: number, lc: number, y: number, Z: number, lpB: number, d: number, k: number, B: number, m: number, mPad: number): void;
  tiedMoments(y: number, nu: number, rT: number, wT: number, wv: number, E: number, R: number, tmp: number, nk: number, s1: number, s2: number, M: number, d: number, k: number, B: number, mPad: number): void;
  normalizeBlock(lpB: number, ld: number, wb: number, hasW: number, wT: number, rT: number, wv: number, tied: number, k: number, B: number, m: number, mPad: number): void;
  dot(x: number, y: number, len: number, shift: number): number;
  diagMoments(xb: number, means: number, wT: number, sqT: number, nk: number, s1: number, s2: number, d: number, k: number, B: number, mPad: number, spherical: number): void;
}

/** The instantiated kernels and an arena of Float64Array views laid out after the exponential's constants. @internal */
export class WasmKernels {
  readonly fn: KernelExports;
  /** The memory as doubles; refreshed by {@link reset} (growing the memory detaches old views). */
  f64: Float64Array;
  private top = CONSTS_END;
  private reserved = CONSTS_END;
  constructor(fn: KernelExports) {
    this.fn = fn;
    this.f64 = new Float64Array(fn.memory.buffer);
    this.f64.set(EXP_CONSTANTS, 0);
    this.f64.set(EXP_TABLE, 8);
    this.f64.set(POW2_NEG, 72);
  }
  /** Starts a new layout (after the constants) of at least `doubles` doubles in all (the memory grows if needed). */
  reset(doubles: number): void {
    const bytes = (CONSTS_END + doubles) * 8 + 64;
    const have = this.fn.memory.buffer.byteLength;
    if (bytes > have) this.fn.memory.grow(Math.ceil((bytes - have) / 65536));
    if (this.f64.buffer !== this.fn.memory.buffer) this.f64 = new Float64Array(this.fn.memory.buffer);
    this.top = CONSTS_END;
    this.reserved = CONSTS_END + doubles;
  }
  /**
   * The kernels' normalisation step for the block of rows i0 .. i0 + m in WebAssembly
   * (normalizeBlock), then, in JavaScript, the responsibilities and log densities copied out to
   * resp and logDens and the weighted log densities added to the Neumaier sum acc = [sum, compensation],
   * exactly as the JavaScript kernels do it. lpB, ld (B), wb (B), wT, rT and wv are views in this
   * memory; rT and wv only for tied (null otherwise).
   */
  normalize(
    lpB: Float64Array, ld: Float64Array, wb: Float64Array, wT: Float64Array, rT: Float64Array | null, wv: Float64Array | null,
    k: number, B: number, i0: number, m: number, mPad: number, w: Float64Array | null, resp: Float64Array, logDens: Float64Array, acc: Float64Array,
  ): void {
    if (w !== null) wb.set(w.subarray(i0, i0 + m));
    const tied = rT !== null && wv !== null;
    this.fn.normalizeBlock(lpB.byteOffset, ld.byteOffset, wb.byteOffset, w === null ? 0 : 1, wT.byteOffset, tied ? rT.byteOffset : 0, tied ? wv.byteOffset : 0, tied ? 1 : 0, k, B, m, mPad);
    resp.set(lpB.subarray(0, m * k), i0 * k);
    logDens.set(ld.subarray(0, m), i0);
    let ll = acc[0];
    let comp = acc[1];
    for (let i = 0; i < m; i++) {
      const wi = w === null ? 1 : w[i0 + i];
      if (wi !== 0) {
        const term = wi * ld[i];
        const t = ll + term;
        comp += Math.abs(ll) >= Math.abs(term) ? ll - t + term : term - t + ll;
        ll = t;
      }
    }
    acc[0] = ll;
    acc[1] = comp;
  }
  /** The next `len` doubles of the layout, 16-byte aligned; its byte address is `.byteOffset`. */
  take(len: number): Float64Array {
    // A layout larger than its reset() would hand out a short view here and let the WebAssembly
    // code write past it: refuse loudly instead (a bug in the caller's size, never the user's input).
    if (this.top + len > this.f64.length || this.top + len > this.reserved) {
      throw new Error(`mlem internal error: WebAssembly layout exceeds its reservation (${this.top + len} > ${this.reserved} doubles)`);
    }
    const view = this.f64.subarray(this.top, this.top + len);
    this.top += len + (len & 1);
    return view;
  }
}

let kernels: WasmKernels | null | undefined;
let enabled = !(typeof globalThis.process === "object" && globalThis.process?.env?.MLEM_WASM === "0");

function decode(base64: string): Uint8Array {
  const bin = atob(base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function instantiate(): WasmKernels | null {
  try {
    const wa = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (typeof wa !== "object" || wa === null) return null;
    const bytes = decode(KERNELS_WASM_BASE64);
    if (!wa.validate(bytes)) return null; // no SIMD support
    const instance = new wa.Instance(new wa.Module(bytes), { math: { exp: Math.exp, log: Math.log } });
    return new WasmKernels(instance.exports as unknown as KernelExports);
  } catch {
    return null; // e.g. synchronous compilation refused: the JavaScript kernels run instead
  }
}

/** The WebAssembly kernels of this thread, or null where they cannot run (then use JavaScript). @internal */
export function wasmKernels(): WasmKernels | null {
  if (!enabled) return null;
  if (kernels === undefined) kernels = instantiate();
  return kernels;
}

/** Turns the WebAssembly kernels on or off in this thread (tests compare both); returns the previous setting. @internal */
export function setWasmKernelsEnabled(on: boolean): boolean {
  const was = enabled;
  enabled = on;
  return was;
}
