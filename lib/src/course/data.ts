/**
 * The course datasets as the answer files read them: one helper, so that the answers find the data
 * wherever the notebooks run.
 * @module
 */
import { readCsv, type Table } from "../core/data.js";
import { InvalidInputError } from "../core/errors.js";

const cache = new Map<string, Table>();

/**
 * A course dataset from `data/`, read with {@link readCsv} relative to the notebook's working
 * directory (`../data/NAME`, as the notebooks themselves read it) and cached. A build that runs the
 * notebooks elsewhere (a browser) provides the same relative path.
 * @param file the file name in `data/`, e.g. "faithful.csv"
 * @example
 * const waiting = courseTable("faithful.csv").numbers("waiting");
 */
export function courseTable(file: string): Table {
  if (typeof file !== "string" || !/^[\w.-]+\.csv$/.test(file)) {
    throw new InvalidInputError(`courseTable: file must be the name of a CSV file in data/, like "faithful.csv", got ${JSON.stringify(file)}.`);
  }
  let table = cache.get(file);
  if (!table) {
    table = readCsv(`../data/${file}`);
    cache.set(file, table);
  }
  return table;
}
