/**
 * Expectation–Maximization: the generic engine ({@link runEM}, {@link emSteps}) and small worked
 * example models (the genetic linkage model of Dempster, Laird & Rubin 1977).
 * @module
 */
export * from "./engine.js";
export * from "./linkage.js";
export * from "./restarts.js";
