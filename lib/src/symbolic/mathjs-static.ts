/**
 * mathjs for the symbolic functions, in bundles (browsers and other non-Node targets): a static
 * import, so a bundler includes mathjs exactly when the bundle uses `score` or
 * `observedInformationExpression`, and the public API stays synchronous. lib/package.json maps
 * `#mathjs` here for every condition except `node`. Internal: not exported from the package.
 * @module
 */
import { derivative, parse, simplify } from "mathjs";
import type { MathjsFunctions } from "./mathjs-lazy.js";

const mathjs: MathjsFunctions = { derivative, parse, simplify };

/** mathjs's functions, bundled. */
export function loadMathjs(): MathjsFunctions {
  return mathjs;
}
