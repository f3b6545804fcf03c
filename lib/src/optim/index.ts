export * from "../calculus/derivatives.js";
export * from "./maximize.js";
export * from "./transforms.js";
export * from "./constrained.js";
