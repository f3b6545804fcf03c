/**
 * ml-matrix in bundles (browsers and other non-Node targets): a static import, so a bundler
 * includes it exactly when the bundle fits a regression. lib/package.json maps `#ml-matrix` here
 * for every condition except `node` (see ./ml-matrix-lazy.ts). Internal: not exported from the package.
 * @module
 */
import { Matrix, QrDecomposition } from "ml-matrix";
import type { MlMatrixFunctions } from "./ml-matrix-lazy.js";

const mlMatrix: MlMatrixFunctions = { Matrix, QrDecomposition };

/** ml-matrix's classes, bundled. */
export function loadMlMatrix(): MlMatrixFunctions {
  return mlMatrix;
}
