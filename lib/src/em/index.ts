/**
 * Expectation–Maximization: the generic engine ({@link runEM}, {@link emSteps}) with the stopping
 * rule every fit shares, the one multi-start loop ({@link runRestarts}), the result shape of every
 * EM fit ({@link EMFit}), the component order rule, and small worked example models (the genetic
 * linkage model of Dempster, Laird & Rubin 1977).
 * @module
 */
export * from "./engine.js";
export * from "./fit.js";
export * from "./linkage.js";
export * from "./order.js";
export * from "./restarts.js";
