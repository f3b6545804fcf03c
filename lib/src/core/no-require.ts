/**
 * `#node-require` outside Node (browsers and other bundle targets; see ./node-require.ts): there
 * is no synchronous require, so what mlem loads on first use in Node is either bundled statically
 * (mathjs, see lib/src/symbolic/mathjs-static.ts) or unavailable with a clear error (the tslab
 * display bridge). Internal: not exported from the package.
 * @module
 */

/** Always null: nothing can be required here. */
export function nodeRequire(): NodeJS.Require | null {
  return null;
}
