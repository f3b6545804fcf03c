/**
 * Reading the course datasets from disk: {@link readCsv}. Node only (it reads files with `node:fs`),
 * so only the Node entries of the package export it (`mlem` and `mlem/core` under the `node`
 * condition, see lib/package.json); in a browser, fetch the text and call {@link parseCsv}.
 * @module
 */
import { createReadStream, readFileSync } from "node:fs";
import { parse as parseStream } from "csv-parse";
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

/**
 * Reads numeric columns of a CSV file as a stream of row chunks, in memory bounded by one chunk
 * (the file is parsed as it is read): for data too large to load, e.g. with
 * fitGaussianMixtureStream. Empty fields and "NA" become NaN, as in {@link readCsv}.
 * @param path the file
 * @param columns the columns to read, in this order
 * @param options `chunkRows`: rows per chunk (default 10000)
 * @example
 * for await (const rows of readCsvChunks("data/faithful.csv", ["eruptions", "waiting"], { chunkRows: 100 })) {
 *   rows.length; // 100, 100, 72
 * }
 */
export async function* readCsvChunks(path: string, columns: readonly string[], options: { chunkRows?: number } = {}): AsyncGenerator<number[][], void, undefined> {
  const fn = "readCsvChunks";
  if (typeof path !== "string") throw new InvalidInputError(`${fn}: path must be a string (a file name), got ${typeof path}.`);
  if (!Array.isArray(columns) || columns.length === 0) throw new InvalidInputError(`${fn}: columns must be a non-empty array of column names.`);
  const chunkRows = options.chunkRows ?? 10000;
  if (!Number.isInteger(chunkRows) || chunkRows < 1) throw new InvalidInputError(`${fn}: chunkRows must be an integer ≥ 1, got ${String(chunkRows)}.`);
  const input = createReadStream(path, { encoding: "utf8" });
  const parser = input.pipe(parseStream({ columns: false, skip_empty_lines: true, trim: true }));
  // A missing file surfaces on the read stream, not the parser: hand it on with the remedy.
  input.on("error", (e) => parser.destroy(new InvalidInputError(`${fn}: cannot read '${path}' (${e.message}). Paths are relative to the working directory (${process.cwd()}).`)));
  let index: number[] | null = null;
  let chunk: number[][] = [];
  let line = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      line++;
      if (index === null) {
        index = columns.map((name) => {
          const j = record.indexOf(name);
          if (j < 0) throw new InvalidInputError(`${fn}: no column '${name}' in '${path}'. Columns are: ${record.join(", ")}.`);
          return j;
        });
        continue;
      }
      chunk.push(
        index.map((j, c) => {
          const v = record[j] ?? "";
          if (v === "" || v === "NA") return NaN;
          const x = Number(v);
          if (Number.isNaN(x)) throw new InvalidInputError(`${fn}: column '${columns[c]}' row ${line - 1} of '${path}' is '${v}', not a number.`);
          return x;
        }),
      );
      if (chunk.length === chunkRows) {
        yield chunk;
        chunk = [];
      }
    }
  } catch (e) {
    if (e instanceof InvalidInputError) throw e;
    throw new InvalidInputError(`${fn}: '${path}' is not valid CSV (${(e as Error).message}). Every row needs as many comma-separated fields as the header.`);
  } finally {
    input.destroy();
  }
  if (chunk.length > 0) yield chunk;
}
