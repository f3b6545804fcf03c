/**
 * Gene counting for the ABO blood groups: EM for allele frequencies when phenotypes hide genotypes
 * (Ceppellini, Siniscalco & Smith 1955; Lange 2010, *Applied Probability*, Example 2.2.2).
 *
 * Alleles A, B, O with frequencies (pA, pB, pO); under Hardy–Weinberg equilibrium the phenotype
 * probabilities are P(A) = pA² + 2 pA pO, P(B) = pB² + 2 pB pO, P(AB) = 2 pA pB, P(O) = pO².
 * E-step: split the A phenotype count between genotypes AA and AO in proportion pA² : 2 pA pO (and
 * likewise for B). M-step: count alleles, pA = (2 n_AA + n_AO + n_AB) / 2N, etc.
 * @module
 */
import { DomainError, InvalidInputError } from "../core/errors.js";
import { lgamma } from "../core/special.js";
import { option, parseOptions, type AssertSameType, type OptionsOf } from "../core/options.js";
import { assertNumber, checkOptions } from "../core/validate.js";
import { readSimplex } from "../em/unflatten.js";
import { STOPPING_OPTIONS, type EMModel, type EMStoppingOptions } from "../em/engine.js";
import { emFitFields, informationCriteria, type EMFit, type InformationCriteria } from "../em/fit.js";
import { runRestarts, stoppingOf } from "../em/restarts.js";

/**
 * Phenotype counts of the ABO system.
 * @example
 * const counts: ABOCounts = { A: 186, B: 38, AB: 13, O: 284 };
 */
export interface ABOCounts {
  A: number;
  B: number;
  AB: number;
  O: number;
}

/**
 * Allele frequencies (sum 1).
 * @example
 * const start: ABOFrequencies = { pA: 0.3, pB: 0.2, pO: 0.5 };
 */
export interface ABOFrequencies {
  pA: number;
  pB: number;
  pO: number;
}

/**
 * Expected genotype counts given the phenotypes (E-step statistics).
 * @example
 * const counts: ABOCounts = { A: 186, B: 38, AB: 13, O: 284 };
 * const { AA, AO }: ABOGenotypeCounts = fitABO(counts).expectedGenotypes;
 */
export interface ABOGenotypeCounts {
  AA: number;
  AO: number;
  BB: number;
  BO: number;
  AB: number;
  OO: number;
}

/**
 * Options of {@link fitABO}.
 * @example
 * const opts: ABOOptions = { init: { pA: 0.3, pB: 0.2, pO: 0.5 }, tol: 1e-14 };
 */
export interface ABOOptions extends EMStoppingOptions {
  /** Starting allele frequencies. Default (1/3, 1/3, 1/3). Lange's Table 2.2 starts at (0.3, 0.2, 0.5). */
  init?: ABOFrequencies;
}

/**
 * What {@link fitABO} returns.
 * @example
 * const { pA, pB, pO, history }: ABOFit = fitABO(ABO_LANGE_COUNTS);
 */
export interface ABOFit extends ABOFrequencies, EMFit<ABOFrequencies>, InformationCriteria {
  /**
   * Maximised multinomial log-likelihood of the phenotype counts (with the multinomial
   * coefficient). history.logLikelihood[t] and history.snapshots[t].params are ℓ and the
   * frequencies after t EM steps (every iterate is kept; t = 0 is the start). nParameters = 2, n = N people.
   */
  logLikelihood: number;
  /** Expected genotype counts at the estimate. */
  expectedGenotypes: ABOGenotypeCounts;
}

/**
 * The ABO phenotype counts of 521 people in Lange (2010), Example 2.2.2 / Table 2.2 (data/abo.csv).
 * @example
 * fitABO(ABO_LANGE_COUNTS).pO; // → 0.7363
 */
export const ABO_LANGE_COUNTS: Readonly<ABOCounts> = { A: 186, B: 38, AB: 13, O: 284 };

function toCounts(counts: unknown, fn: string): ABOCounts {
  let c: ABOCounts;
  if (Array.isArray(counts)) {
    if (counts.length !== 4) throw new DomainError(`${fn}: counts as an array must be [A, B, AB, O] (4 numbers), got ${counts.length}.`);
    c = { A: counts[0], B: counts[1], AB: counts[2], O: counts[3] };
  } else if (counts !== null && typeof counts === "object") {
    const o = counts as Partial<ABOCounts>;
    checkOptions(o, ["A", "B", "AB", "O"], fn);
    c = { A: o.A as number, B: o.B as number, AB: o.AB as number, O: o.O as number };
  } else {
    throw new InvalidInputError(`${fn}: counts must be { A, B, AB, O } or [A, B, AB, O].`);
  }
  for (const key of ["A", "B", "AB", "O"] as const) {
    const v = c[key];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || !Number.isInteger(v)) {
      throw new DomainError(`${fn}: counts.${key} = ${String(v)}; phenotype counts must be non-negative integers.`);
    }
  }
  if (c.A + c.B + c.AB + c.O === 0) throw new DomainError(`${fn}: all counts are zero; there is nothing to estimate.`);
  return c;
}

/**
 * The ABO gene-counting {@link EMModel} (for runEM / emSteps).
 * @param counts phenotype counts { A, B, AB, O } or [A, B, AB, O]; default {@link ABO_LANGE_COUNTS}
 * @example
 * const it = emSteps(aboModel(), { pA: 0.3, pB: 0.2, pO: 0.5 });
 * it.next(); it.next().value; // → { phase: "M", iteration: 1, params: { pA: 0.23217, pB: 0.05502, pO: 0.71281 } }
 */
export function aboModel(counts: ABOCounts | ArrayLike<number> = ABO_LANGE_COUNTS): EMModel<ABOFrequencies, ABOGenotypeCounts> & {
  readonly counts: ABOCounts;
  readonly nObservations: number;
  logLikelihood(p: ABOFrequencies): number;
} {
  const fn = "aboModel";
  const c = toCounts(counts, fn);
  const N = c.A + c.B + c.AB + c.O;
  const logCoef = lgamma(N + 1) - lgamma(c.A + 1) - lgamma(c.B + 1) - lgamma(c.AB + 1) - lgamma(c.O + 1);
  const xlogy = (n: number, p: number): number => (n === 0 ? 0 : n * Math.log(p));
  const logLikelihood = (p: ABOFrequencies): number =>
    logCoef +
    xlogy(c.A, p.pA * p.pA + 2 * p.pA * p.pO) +
    xlogy(c.B, p.pB * p.pB + 2 * p.pB * p.pO) +
    xlogy(c.AB, 2 * p.pA * p.pB) +
    xlogy(c.O, p.pO * p.pO);
  return {
    counts: c,
    nObservations: N,
    logLikelihood,
    eStep(p) {
      const a = p.pA * p.pA + 2 * p.pA * p.pO;
      const b = p.pB * p.pB + 2 * p.pB * p.pO;
      const AA = a > 0 ? (c.A * p.pA * p.pA) / a : 0;
      const BB = b > 0 ? (c.B * p.pB * p.pB) / b : 0;
      const stats: ABOGenotypeCounts = { AA, AO: c.A - AA, BB, BO: c.B - BB, AB: c.AB, OO: c.O };
      return { stats, logLikelihood: logLikelihood(p) };
    },
    mStep(g) {
      const twoN = 2 * N;
      const pA = (2 * g.AA + g.AO + g.AB) / twoN;
      const pB = (2 * g.BB + g.BO + g.AB) / twoN;
      const pO = (2 * g.OO + g.AO + g.BO) / twoN;
      return { pA, pB, pO };
    },
    clone: (p) => ({ ...p }),
    flatten: (p) => [p.pA, p.pB, p.pO],
    unflatten: (v) => {
      const f = readSimplex(v, 0, 3);
      return f ? { pA: f[0], pB: f[1], pO: f[2] } : null;
    },
  };
}

const ABO_OPTIONS = { init: option<ABOFrequencies, unknown>((v) => v), ...STOPPING_OPTIONS };
const optionsAgree: AssertSameType<OptionsOf<typeof ABO_OPTIONS>, ABOOptions> = true;
void optionsAgree;

/**
 * ABO allele frequencies by gene counting (EM), with every iterate recorded.
 * @param counts phenotype counts { A, B, AB, O } or [A, B, AB, O]
 * @param options see {@link ABOOptions}
 * @example
 * const fit = fitABO({ A: 186, B: 38, AB: 13, O: 284 }, { init: { pA: 0.3, pB: 0.2, pO: 0.5 } });
 * fit.history.snapshots[1].params; // → { pA: 0.23217, pB: 0.05502, pO: 0.71281 } — Lange 2010, Table 2.2: .2321, .0550, .7129
 * [fit.pA, fit.pB, fit.pO]; // → [0.2136, 0.0501, 0.7363]
 */
export function fitABO(counts: ABOCounts | ArrayLike<number>, options: ABOOptions = {}): ABOFit {
  const fn = "fitABO";
  const o = parseOptions(ABO_OPTIONS, options, fn);
  const model = aboModel(toCounts(counts, fn));
  let init: ABOFrequencies = { pA: 1 / 3, pB: 1 / 3, pO: 1 / 3 };
  if (o.init !== undefined) {
    const p = o.init as ABOFrequencies;
    if (p === null || typeof p !== "object") throw new InvalidInputError(`${fn}: init must be { pA, pB, pO }.`);
    for (const key of ["pA", "pB", "pO"] as const) assertNumber(p[key], fn, `init.${key}`, { gt: 0, lt: 1 });
    const s = p.pA + p.pB + p.pO;
    if (Math.abs(s - 1) > 1e-9) throw new DomainError(`${fn}: init frequencies sum to ${s}, not 1.`);
    init = { pA: p.pA, pB: p.pB, pO: p.pO };
  }
  const { best: res, restarts } = runRestarts({ nInit: 1, prepare: () => ({ model, init, context: null }), options: stoppingOf({ ...o, snapshots: "all" }) });
  return {
    pA: res.params.pA,
    pB: res.params.pB,
    pO: res.params.pO,
    ...emFitFields(res, restarts, "logLikelihood", (p) => p),
    ...informationCriteria(res.logLikelihood, 2, model.nObservations),
    expectedGenotypes: model.eStep(res.params).stats,
  };
}
