/**
 * Seeded randomness. Every random function in mlem takes an {@link Rng} (or a seed), so the same
 * seed gives the same numbers everywhere: in tests, in notebooks and in exported course material.
 * The generator is xoroshiro128+ from pure-rand; this class adds the draws statistics needs.
 * @module
 */
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { xoroshiro128plus, xoroshiro128plusFromState } from "pure-rand/generator/xoroshiro128plus";
import { DomainError, InvalidInputError } from "./errors.js";
import { lgamma } from "./special.js";

type Generator = ReturnType<typeof xoroshiro128plus>;

/** MurmurHash3's 32-bit finaliser: every input bit affects every output bit. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/**
 * A xoroshiro128+ generator whose 128-bit state is hashed from the whole seed. pure-rand's own
 * `xoroshiro128plus(seed)` puts the seed into the state almost verbatim, so small seeds gave a first
 * draw ≈ 1 and nearby seeds correlated streams; hashing (a splitmix-style sequence through fmix32)
 * decorrelates them.
 */
function seededGenerator(seed: number): Generator {
  const low = seed | 0;
  const high = Math.floor(seed / 0x100000000) | 0;
  let s = fmix32(low ^ fmix32(high + 0x6a09e667));
  const state: number[] = [];
  for (let i = 0; i < 4; i++) {
    s = (s + 0x9e3779b9) | 0;
    state.push(fmix32(s));
  }
  if (!state.some((v) => v !== 0)) state[0] = 1; // the all-zero state is a fixed point
  const gen = xoroshiro128plusFromState(state) as Generator;
  // A few warm-up steps spread any remaining structure of the initial state.
  for (let i = 0; i < 8; i++) gen.next();
  return gen;
}

/**
 * A seeded pseudo-random number generator (xoroshiro128+, via pure-rand). Draws mutate the
 * generator; use {@link Rng.split} for an independent stream.
 * @example
 * const rng = new Rng(42);
 * rng.uniform();  // same value on every machine for seed 42
 * rng.normal(0, 1);
 */
export class Rng {
  private gen: Generator;
  private spareNormal: number | null = null;
  /** The seed this generator was created from. */
  readonly seed: number;

  /** @param seed any integer (non-integers are truncated toward zero) */
  constructor(seed: number) {
    if (typeof seed !== "number" || !Number.isFinite(seed)) {
      throw new DomainError(`Rng: seed must be a finite number, got ${String(seed)}.`);
    }
    this.seed = Math.trunc(seed);
    this.gen = seededGenerator(this.seed);
  }

  /**
   * Returns `seedOrRng` if it is an Rng, otherwise a new Rng from the seed.
   * @example
   * const rng = Rng.from(7); // same as new Rng(7)
   */
  static from(seedOrRng: number | Rng): Rng {
    if (seedOrRng instanceof Rng) return seedOrRng;
    if (typeof seedOrRng === "number") return new Rng(seedOrRng);
    throw new InvalidInputError(`Rng.from: expected a seed (number) or an Rng, got ${typeof seedOrRng}.`);
  }

  /**
   * An independent generator, 2^64 steps ahead of this one (this one also advances, so repeated
   * calls give distinct streams).
   * @example
   * const streams = [rng.split(), rng.split()];
   */
  split(): Rng {
    const child = Object.create(Rng.prototype) as Rng;
    const clone = this.gen.clone() as Generator;
    clone.jump();
    (child as unknown as { gen: Generator }).gen = clone;
    (child as unknown as { spareNormal: number | null }).spareNormal = null;
    (child as unknown as { seed: number }).seed = this.seed;
    this.gen.jump();
    this.gen.jump();
    return child;
  }

  /**
   * Uniform on [0, 1), 53 random bits.
   * @example
   * new Rng(1).uniform(); // 0 <= u < 1
   */
  uniform(): number {
    return uniformFloat64(this.gen);
  }

  /**
   * Uniform on the open interval (0, 1): safe to take the log of.
   * @example
   * Math.log(new Rng(1).uniformOpen()); // finite
   */
  uniformOpen(): number {
    let u = 0;
    while (u === 0) u = uniformFloat64(this.gen);
    return u;
  }

  /**
   * Uniform integer in [min, max], both included.
   * @example
   * new Rng(3).int(1, 6); // a die roll
   */
  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      throw new DomainError(`Rng.int: need integers min <= max, got [${min}, ${max}].`);
    }
    return uniformInt(this.gen, min, max);
  }

  /**
   * Normal draw (Marsaglia polar method).
   * @example
   * new Rng(0).normal(10, 2);
   */
  normal(mean = 0, sd = 1): number {
    // Two comparisons per draw: cheap next to the draw itself, and a negative or NaN sd would
    // otherwise give silently wrong (or NaN) samples.
    if (!(sd >= 0) || !(Math.abs(mean) < Infinity) || sd === Infinity) {
      throw new DomainError(`Rng.normal: need a finite mean and a finite sd >= 0, got (${mean}, ${sd}).`);
    }
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + sd * z;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return mean + sd * u * f;
  }

  /**
   * Exponential draw with the given rate.
   * @example
   * new Rng(0).exponential(2); // mean 0.5
   */
  exponential(rate = 1): number {
    if (!(rate > 0)) throw new DomainError(`Rng.exponential: rate must be > 0, got ${rate}.`);
    return -Math.log(this.uniformOpen()) / rate;
  }

  /**
   * Gamma(shape, scale) draw by Marsaglia & Tsang (2000), boosted for shape < 1.
   * @example
   * new Rng(0).gamma(2, 3); // mean 6
   */
  gamma(shape: number, scale = 1): number {
    if (!(shape > 0) || !(scale > 0)) throw new DomainError(`Rng.gamma: need shape > 0 and scale > 0, got (${shape}, ${scale}).`);
    if (shape < 1) {
      const u = this.uniformOpen();
      return this.gamma(shape + 1, scale) * Math.pow(u, 1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number, v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.uniformOpen();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }

  /**
   * Beta(a, b) draw from two gammas.
   * @example
   * new Rng(0).beta(2, 5);
   */
  beta(a: number, b: number): number {
    if (!(a > 0) || !(b > 0)) throw new DomainError(`Rng.beta: need a > 0 and b > 0, got (${a}, ${b}).`);
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }

  /**
   * Poisson draw: inversion for small means, the PTRS transformed rejection (Hörmann 1993) otherwise.
   * @example
   * new Rng(0).poisson(3.5);
   */
  poisson(mean: number): number {
    if (!(mean >= 0) || !Number.isFinite(mean)) throw new DomainError(`Rng.poisson: mean must be finite and >= 0, got ${mean}.`);
    if (mean === 0) return 0;
    if (mean < 30) {
      const l = Math.exp(-mean);
      let k = 0;
      let p = this.uniform();
      let cdf = l;
      let term = l;
      while (p > cdf) {
        k++;
        term *= mean / k;
        cdf += term;
        if (term < 1e-300 && k > mean) break;
      }
      return k;
    }
    const slam = Math.sqrt(mean);
    const loglam = Math.log(mean);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const U = this.uniform() - 0.5;
      const V = this.uniformOpen();
      const us = 0.5 - Math.abs(U);
      const k = Math.floor(((2 * a) / us + b) * U + mean + 0.43);
      if (us >= 0.07 && V <= vr) return k;
      if (k < 0 || (us < 0.013 && V > us)) continue;
      if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -mean + k * loglam - lgamma(k + 1)) return k;
    }
  }

  /**
   * Binomial(n, p) draw (sum of Bernoullis for small n, otherwise through the beta–binomial split).
   * @example
   * new Rng(0).binomial(10, 0.3);
   */
  binomial(n: number, p: number): number {
    if (!Number.isInteger(n) || n < 0) throw new DomainError(`Rng.binomial: n must be a non-negative integer, got ${n}.`);
    if (!(p >= 0 && p <= 1)) throw new DomainError(`Rng.binomial: p must be in [0, 1], got ${p}.`);
    let successes = 0;
    // Recursive beta split keeps the cost O(log n) draws for large n.
    while (n > 64) {
      const i = Math.floor((n + 1) / 2);
      const x = this.beta(i, n + 1 - i);
      if (x <= p) {
        successes += i;
        n = n - i;
        p = (p - x) / (1 - x);
      } else {
        n = i - 1;
        p = p / x;
      }
    }
    for (let t = 0; t < n; t++) if (this.uniform() < p) successes++;
    return successes;
  }

  /**
   * Index drawn with probability proportional to `weights` (which need not sum to 1).
   * @example
   * new Rng(0).categorical([0.2, 0.5, 0.3]); // 0, 1 or 2
   */
  categorical(weights: ArrayLike<number>): number {
    if (weights === null || typeof weights !== "object" || typeof weights.length !== "number") {
      throw new InvalidInputError(`Rng.categorical: weights must be an array of numbers, got ${String(weights)}.`);
    }
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i];
      if (!(w >= 0) || !Number.isFinite(w)) throw new DomainError(`Rng.categorical: weights[${i}] = ${w}; weights must be finite and >= 0.`);
      total += w;
    }
    if (!(total > 0)) throw new DomainError("Rng.categorical: the weights sum to 0; at least one must be positive.");
    let u = this.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i];
      if (u < 0) return i;
    }
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
    return weights.length - 1;
  }

  /**
   * A uniformly random permutation of 0..n-1 (Fisher–Yates).
   * @example
   * new Rng(0).permutation(5); // e.g. [3, 0, 4, 1, 2]
   */
  permutation(n: number): number[] {
    if (!Number.isInteger(n) || n < 0) throw new DomainError(`Rng.permutation: n must be a non-negative integer, got ${n}.`);
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(0, i);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
