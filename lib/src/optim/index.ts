export * from "./derivatives.js";
