/**
 * The course datasets as the answer files read them: one helper, so that the answers find the data
 * wherever the notebooks run.
 * @module
 */
import { nodeRequire } from "#node-require";
import { parseCsv, type Table } from "../core/csv.js";
import { InvalidInputError } from "../core/errors.js";

const cache = new Map<string, Table>();

/** Reads the text of a course data file given its path relative to the notebook (`../data/NAME`). */
export type CourseFileReader = (path: string) => string;

let reader: CourseFileReader | null = null;

/**
 * Sets where {@link courseTable} reads the course data from: a page that runs the notebooks in a
 * browser provides the files it ships; in Node the default reads them from disk with `node:fs`
 * (loaded on first use, so the package root stays browser-safe). Clears the cache.
 * @param read returns the text of `../data/NAME`, or null to restore the Node default
 * @example
 * setCourseFileReader((path) => shippedFiles[path]);
 */
export function setCourseFileReader(read: CourseFileReader | null): void {
  if (read !== null && typeof read !== "function") {
    throw new InvalidInputError("setCourseFileReader: pass a function (path) => text, or null for the default.");
  }
  reader = read;
  cache.clear();
}

function readCourseFile(path: string): string {
  if (reader) return reader(path);
  const fs = nodeRequire()?.("node:fs") as typeof import("node:fs") | undefined;
  if (!fs) {
    throw new InvalidInputError(
      `courseTable: cannot read '${path}': there is no file system here. A page that runs the course must call setCourseFileReader first.`,
    );
  }
  try {
    return fs.readFileSync(path, "utf8");
  } catch (e) {
    throw new InvalidInputError(
      `courseTable: cannot read '${path}' (${(e as Error).message}). The course's answers read the data relative to the notebook's folder: run the notebook from notebooks/ (or its working copy), next to data/.`,
    );
  }
}

/**
 * A course dataset from `data/`, read (by default from disk) relative to the notebook's working
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
    table = parseCsv(readCourseFile(`../data/${file}`));
    cache.set(file, table);
  }
  return table;
}
