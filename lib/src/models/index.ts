/**
 * Further models fitted by EM on the generic engine: mixtures of Poissons, mixtures of multivariate
 * Bernoullis (latent classes), and gene counting for the ABO blood groups.
 * @module
 */
export {
  fitPoissonMixture,
  poissonMixtureModel,
  poissonMixtureStandardErrors,
  type PoissonMixtureStandardErrors,
  type PoissonMixtureFit,
  type PoissonMixtureOptions,
  type PoissonMixtureParams,
  type PoissonMixtureStats,
} from "./poissonMixture.js";
export {
  fitBernoulliMixture,
  bernoulliMixtureModel,
  bernoulliMixtureStandardErrors,
  type BernoulliMixtureStandardErrors,
  BERNOULLI_MIXTURE_EPS,
  type BernoulliMixtureFit,
  type BernoulliMixtureOptions,
  type BernoulliMixtureParams,
  type BernoulliMixtureStats,
} from "./bernoulliMixture.js";
export {
  fitABO,
  aboModel,
  ABO_LANGE_COUNTS,
  type ABOCounts,
  type ABOFit,
  type ABOFrequencies,
  type ABOGenotypeCounts,
  type ABOOptions,
} from "./abo.js";
export { fitLDA, FittedLDA, LDA, type DocumentTermCounts, type LDAOptions, type LDAPriors } from "./lda.js";
