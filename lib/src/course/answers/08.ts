/**
 * Answers to the exercises of notebooks/08-hidden-markov-models.ipynb. The casino rolls are simulated
 * again from the knob values the notebook passes as context (the same model and seed give the same
 * rolls); the earthquake counts come from `data/earthquakes.csv`.
 * @module
 */
import { InvalidInputError } from "../../core/errors.js";
import { fitHMM } from "../../hmm/fit.js";
import { forwardBackward } from "../../hmm/forwardBackward.js";
import type { HMM } from "../../hmm/model.js";
import { sampleHMM } from "../../hmm/sample.js";
import { compareAnswer } from "../compare.js";
import { courseTable } from "../data.js";
import { defineExercise, notebookExercises } from "../define.js";

const FACES = 6;

/** The notebook's casino: fair die 0, loaded die 1, starting fair; its rolls for the knobs. */
function casinoRolls(ctx: { nRolls: number; rollSeed: number; toLoaded: number; toFair: number; loadedSix: number }): number[] {
  const { nRolls, rollSeed, toLoaded, toFair, loadedSix } = ctx;
  if (!Number.isInteger(nRolls) || nRolls < 2) throw new InvalidInputError(`notebook 08: nRolls must be an integer ≥ 2, got ${nRolls}.`);
  const casino: HMM = {
    initial: [1, 0],
    transition: [[1 - toLoaded, toLoaded], [toFair, 1 - toFair]],
    emissions: {
      type: "categorical",
      probabilities: [
        Array.from({ length: FACES }, () => 1 / FACES),
        Array.from({ length: FACES }, (_, m) => (m === FACES - 1 ? loadedSix : (1 - loadedSix) / (FACES - 1))),
      ],
    },
  };
  return sampleHMM(casino, nRolls, rollSeed).observations;
}

/** A categorical HMM with K states over the six faces, or an error saying what is wrong with it. */
function readCasinoHMM(value: unknown, what: string): HMM {
  const m = value as HMM | null;
  const probs = (m?.emissions as { probabilities?: number[][] } | undefined)?.probabilities;
  const K = m?.initial?.length ?? 0;
  const rowOk = (r: unknown, len: number) => Array.isArray(r) && r.length === len && r.every((v) => typeof v === "number" && Number.isFinite(v));
  if (!m || typeof m !== "object" || K < 1 || !rowOk(m.initial, K) || !Array.isArray(m.transition) || m.transition.length !== K ||
    !m.transition.every((r) => rowOk(r, K)) || m.emissions?.type !== "categorical" || !Array.isArray(probs) || probs.length !== K || !probs.every((r) => rowOk(r, FACES))) {
    throw new InvalidInputError(`${what} must be a categorical HMM over the ${FACES} faces: { initial: [K numbers], transition: K rows of K, emissions: { type: "categorical", probabilities: K rows of ${FACES} } }.`);
  }
  return m;
}

const flat = (m: HMM) => [...m.initial, ...m.transition.flat(), ...(m.emissions as { probabilities: number[][] }).probabilities.flat()];

export const notebook08 = notebookExercises("08", {
  "08.1": defineExercise({
    title: "one Baum–Welch iteration on the casino rolls (scaled forward–backward, ξ and the M-step)",
    hint: "E-step: scaled forward pass (α̂_t = α_t / c_t with c_t = Σ_j α_t(j)), backward pass divided by the same c_{t+1}, γ_t = α̂_t β̂_t and ξ_t(i, j) = α̂_t(i) A_ij b_j(x_{t+1}) β̂_{t+1}(j) / c_{t+1}; M-step: π = γ_1, each row of A the row of Σ_t ξ_t normalised, each state's face probabilities its γ summed over the rolls showing that face, normalised.",
    context: { nRolls: "number", rollSeed: "number", toLoaded: "number", toFair: "number", loadedSix: "number" },
    // A property of the pair: `next` must be what one Baum–Welch iteration (the library's, fitHMM
    // with maxIter 1 from `start`) makes of `start` on these rolls.
    check: (value, ctx) => {
      const v = value as { start?: unknown; next?: unknown } | null;
      if (!v || typeof v !== "object") return { correct: false, message: "pass { start, next }: your starting HMM and the HMM after one iteration of your EMModel." };
      const start = readCasinoHMM(v.start, "start");
      const next = readCasinoHMM(v.next, "next");
      if (next.initial.length !== start.initial.length) return { correct: false, message: "next has a different number of states than start." };
      const rolls = casinoRolls(ctx as never);
      const library = fitHMM(rolls, { k: start.initial.length, emission: "categorical", init: start, maxIter: 1, nSymbols: FACES }).model;
      if (compareAnswer(flat(next), flat(start), { relTol: 1e-12, absTol: 1e-15 }).correct) {
        return { correct: false, message: "next is the start unchanged: the M-step must re-estimate π, A and the face probabilities from γ and ξ." };
      }
      const parts: Array<[string, number[], number[]]> = [
        ["the initial distribution", next.initial, library.initial],
        ["the transition matrix", next.transition.flat(), library.transition.flat()],
        ["the face probabilities", (next.emissions as { probabilities: number[][] }).probabilities.flat(), (library.emissions as { probabilities: number[][] }).probabilities.flat()],
      ];
      for (const [name, mine, theirs] of parts) {
        const r = compareAnswer(mine, theirs, { relTol: 1e-8, absTol: 1e-12 });
        if (!r.correct) return { correct: false, message: `${name} after your iteration differs from one Baum–Welch iteration (${r.message.replace(/\.$/, "")}).` };
      }
      return { correct: true, message: "your iteration matches Baum–Welch's (fitHMM with maxIter: 1) to 1e-8." };
    },
  }),
  "08.2": defineExercise({
    title: "the expected length of a quiet spell in the two-state earthquake model (years)",
    hint: "each year the chain leaves the quiet state with probability 1 − A₁₁, so the stay is geometric; its mean is the reciprocal of the leaving probability. The notebook fits with order 'mean', so the quiet state (the smaller rate) comes first.",
    context: { fitSeed: "number" },
    expected: ({ fitSeed }) => {
      const quakes = courseTable("earthquakes.csv").numbers("count");
      const fit = fitHMM(quakes, { k: 2, emission: "poisson", nInit: 10, seed: fitSeed, order: "mean" });
      return 1 / (1 - fit.model.transition[0][0]);
    },
    relTol: 1e-6,
  }),
  "08.3": defineExercise({
    title: "the expected number of fair → loaded switches under the fitted casino model",
    hint: "Σ_t ξ_t(i, j) is what forwardBackward returns as expectedTransitions; the fair state of the fit is the one with the smaller probability of a six.",
    context: { nRolls: "number", rollSeed: "number", toLoaded: "number", toFair: "number", loadedSix: "number", fitSeed: "number" },
    expected: (ctx) => {
      const rolls = casinoRolls(ctx);
      const fit = fitHMM(rolls, { k: 2, emission: "categorical", nInit: 5, seed: ctx.fitSeed });
      const b = (fit.model.emissions as { probabilities: number[][] }).probabilities;
      const loaded = b[0][FACES - 1] > b[1][FACES - 1] ? 0 : 1;
      return forwardBackward(fit.model, rolls).expectedTransitions[1 - loaded][loaded];
    },
    relTol: 1e-8,
  }),
});
