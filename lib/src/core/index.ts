export * from "./errors.js";
export * from "./validate.js";
export * from "./rng.js";
export * from "./special.js";
export * from "./linalg.js";
export * from "./csv.js";
export * from "./options.js";
