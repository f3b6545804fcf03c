/**
 * Parsing CSV text (a header row, empty field = missing) into typed columns. Works everywhere: in
 * Node, `#csv-parse` is csv-parse's own build; in browsers (package.json `imports`, condition
 * `browser`) its browser build, which carries the Buffer it needs, so bundles need no shims. Reading
 * a file from disk is {@link readCsv} in `./data.ts`, which only the Node entries export.
 * @module
 */
import { parse } from "#csv-parse";
import { InvalidInputError } from "./errors.js";

/** A table read from CSV: column names and typed column access. */
export interface Table {
  /** Column names, in file order. */
  columns: string[];
  /** Number of data rows. */
  rowCount: number;
  /** A numeric column; missing values (empty fields) become NaN. Throws if a value is not numeric. */
  numbers(name: string): number[];
  /** A column as strings; missing values become "". */
  strings(name: string): string[];
  /** Several numeric columns as rows: `matrix(["eruptions", "waiting"])` → number[n][2]. */
  matrix(names: string[]): number[][];
}

/**
 * Parses CSV text (header row, comma separated, empty field = missing).
 * @example
 * const t = parseCsv("x,y\n1,2\n3,\n");
 * t.numbers("y"); // → [2, NaN]
 */
export function parseCsv(text: string): Table {
  if (typeof text !== "string") {
    throw new InvalidInputError(`parseCsv: text must be a string of CSV, got ${text === null ? "null" : typeof text}. In Node, readCsv(path) reads a file.`);
  }
  let records: string[][];
  try {
    records = parse(text, { columns: false, skip_empty_lines: true, trim: true }) as string[][];
  } catch (e) {
    // csv-parse reports ragged rows and bad quoting with its own Error; say what to do instead.
    throw new InvalidInputError(
      `parseCsv: the text is not valid CSV (${(e as Error).message}). Every row needs as many comma-separated fields as the header; quote fields that contain commas.`,
    );
  }
  if (records.length === 0) throw new InvalidInputError("parseCsv: the text has no header row.");
  const columns = records[0];
  const body = records.slice(1);
  const index = (name: string, fn: string): number => {
    const j = columns.indexOf(name);
    if (j < 0) throw new InvalidInputError(`${fn}: no column '${name}'. Columns are: ${columns.join(", ")}.`);
    return j;
  };
  const numbersOf = (name: string, fn: string): number[] => {
    const j = index(name, fn);
    return body.map((r, i) => {
      const s = r[j] ?? "";
      if (s === "" || s === "NA") return NaN;
      const v = Number(s);
      if (Number.isNaN(v)) {
        throw new InvalidInputError(`${fn}: column '${name}' row ${i + 1} is '${s}', not a number. Use Table.strings('${name}') for text columns.`);
      }
      return v;
    });
  };
  return {
    columns,
    rowCount: body.length,
    numbers: (name) => numbersOf(name, "Table.numbers"),
    strings: (name) => {
      const j = index(name, "Table.strings");
      return body.map((r) => r[j] ?? "");
    },
    matrix: (names) => {
      if (!Array.isArray(names)) {
        throw new InvalidInputError(`Table.matrix: names must be an array of column names, e.g. matrix(["${columns[0] ?? "x"}"]).`);
      }
      const cols = names.map((name) => numbersOf(name, "Table.matrix"));
      return body.map((_, i) => cols.map((c) => c[i]));
    },
  };
}
