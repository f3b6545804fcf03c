/**
 * mathjs for the symbolic functions, in Node: loaded synchronously on the first call, not at
 * start-up (it takes most of a second to load, and most users of mlem never differentiate an
 * expression). lib/package.json maps `#mathjs` here under the `node` condition; bundlers get
 * ./mathjs-static.ts instead. Internal: not exported from the package.
 * @module
 */
import type * as MathJs from "mathjs";
import { MlemError } from "../core/errors.js";
import { nodeRequire } from "#node-require";

/** The part of mathjs that lib/src/symbolic uses. */
export type MathjsFunctions = Pick<typeof MathJs, "derivative" | "parse" | "simplify">;

let mathjs: MathjsFunctions | undefined;

/** mathjs, required on the first call (its CommonJS build, from either build of mlem). */
export function loadMathjs(): MathjsFunctions {
  if (mathjs) return mathjs;
  const req = nodeRequire();
  if (!req) {
    throw new MlemError(
      "mlem/symbolic: mathjs cannot be loaded here (no synchronous require: this is the ES module build on " +
        "Node older than 20.16). Upgrade Node, or load mlem with require().",
    );
  }
  mathjs = req("mathjs") as MathjsFunctions;
  return mathjs;
}
