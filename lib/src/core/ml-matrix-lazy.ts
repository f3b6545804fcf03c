/**
 * ml-matrix for the library's own linear algebra (the QR factorisation of least squares), in Node:
 * required on the first call, not at start-up, so `import("mlem")` does not pay ml-matrix's load
 * time (about 30 ms) unless a regression is fitted. lib/package.json maps `#ml-matrix` here under
 * the `node` condition; bundlers get ./ml-matrix-static.ts, a static import. Functions that take an
 * ml-matrix `Matrix` as input recognise it by its shape and never load ml-matrix themselves.
 * Internal: not exported from the package.
 * @module
 */
import type * as MlMatrix from "ml-matrix";
import { MlemError } from "./errors.js";
import { nodeRequire } from "#node-require";

/** The part of ml-matrix the library uses. */
export type MlMatrixFunctions = Pick<typeof MlMatrix, "Matrix" | "QrDecomposition">;

let mlMatrix: MlMatrixFunctions | undefined;

/** ml-matrix, required on the first call (its CommonJS build, from either build of mlem). */
export function loadMlMatrix(): MlMatrixFunctions {
  if (mlMatrix) return mlMatrix;
  const req = nodeRequire();
  if (!req) throw new MlemError("mlem: ml-matrix cannot be loaded here (no synchronous require). Use Node ≥ 20.16, or load mlem with require().");
  mlMatrix = req("ml-matrix") as MlMatrixFunctions;
  return mlMatrix;
}
