/**
 * Reading the course datasets from disk: {@link readCsv}. Node only (it reads files with `node:fs`),
 * so only the Node entries of the package export it (`mlem` and `mlem/core` under the `node`
 * condition, see lib/package.json); in a browser, fetch the text and call {@link parseCsv}.
 * @module
 */
import { readFileSync } from "node:fs";
import { parseCsv, type Table } from "./csv.js";
import { InvalidInputError } from "./errors.js";

/**
 * Reads a CSV file from disk (see {@link parseCsv}).
 * @example
 * const faithful = readCsv("data/faithful.csv");
 * const X = faithful.matrix(["eruptions", "waiting"]);
 */
export function readCsv(path: string): Table {
  if (typeof path !== "string") throw new InvalidInputError(`readCsv: path must be a string (a file name), got ${typeof path}.`);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new InvalidInputError(
      `readCsv: cannot read '${path}' (${(e as Error).message}). Paths are relative to the working directory ` +
        `(${process.cwd()}); notebooks run in notebooks/, so use '../data/NAME.csv'.`,
    );
  }
  return parseCsv(text);
}
