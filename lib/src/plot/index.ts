export * from "./display.js";
export * from "./figure.js";
export * from "./style.js";
export * from "./markdown.js";
export * from "./ellipse.js";
