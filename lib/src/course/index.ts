export * from "./exercises.js";
