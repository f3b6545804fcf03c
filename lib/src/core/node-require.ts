/**
 * A synchronous `require` for loading a dependency on first use rather than at start-up, in both
 * builds of mlem: the CommonJS build has `require`; the ES module build makes one with
 * `createRequire(import.meta.url)`, reaching `node:module` through `process.getBuiltinModule`
 * (Node ≥ 20.16) so that no file on the package root imports a Node built-in and the root stays
 * loadable in browsers. Internal: not exported from the package.
 * @module
 */

let cached: NodeJS.Require | null | undefined;

/**
 * The running module system's `require`, or null outside Node (a browser bundle, or Node older
 * than 20.16 loading the ES module build).
 */
export function nodeRequire(): NodeJS.Require | null {
  if (cached !== undefined) return cached;
  if (typeof require === "function") {
    cached = require; // the CommonJS build (and test runners that provide require)
  } else {
    const nodeModule = globalThis.process?.getBuiltinModule?.("node:module") as typeof import("node:module") | undefined;
    // import.meta only runs in the ES module build (the CommonJS build took the branch above).
    cached = nodeModule ? nodeModule.createRequire(import.meta.url) : null;
  }
  return cached;
}
