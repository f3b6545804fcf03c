export * from "./chisq.js";
export * from "./information.js";
export * from "./profile.js";
export * from "./lrt.js";
