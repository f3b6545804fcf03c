export * from "./chisq.js";
export * from "../calculus/information.js";
export * from "./wald.js";
export * from "./profile.js";
export * from "./lrt.js";
export { constrainedStandardErrors, type ConstrainedStandardErrors, type ParameterBlock } from "./constrained-information.js";
