export * from "./glm.js";
