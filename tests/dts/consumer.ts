// Type-checked (not run) by tslab's TypeScript 5.0 in `npm test`: it reads the library's published
// .d.ts files through the package name, exactly as a notebook cell does. skipLibCheck is off, so
// every declaration file of mlem must be valid for TypeScript 5.0.
import * as mlem from "mlem";

const rng: mlem.Rng = new mlem.Rng(1);
const u: number = rng.uniform();
const fig: mlem.Figure = { data: [{ type: "scatter", x: [u], y: [u] }] };
export { fig };

// What notebooks use besides the root: readCsv (the root's Node entry) and a sub-path, resolved
// the pre-`exports` way (the `types` field and typesVersions), as tslab's TypeScript does.
import { readCsv, type Table } from "mlem";
import { fitGaussianMixture } from "mlem/mixture";
const table: Table = readCsv("../data/faithful.csv");
const fit = fitGaussianMixture(table.matrix(["eruptions", "waiting"]), { k: 2, seed: 1 });
const logLik: number = fit.logLikelihood;
export { logLik };

// The options interfaces are checked against their tables at compile time (AssertSameType): a
// wrong comparison must not compile, a right one must.
import { int, nonNegative, type AssertSameType, type OptionsOf } from "mlem";
const OPTIONS_TABLE = { k: int({ min: 1, required: true }), tol: nonNegative({ default: 1e-10 }) };
const sameOptions: AssertSameType<OptionsOf<typeof OPTIONS_TABLE>, { k: number; tol?: number }> = true;
// @ts-expect-error k must be required
const notSameOptional: AssertSameType<OptionsOf<typeof OPTIONS_TABLE>, { k?: number; tol?: number }> = true;
// @ts-expect-error a field the table lacks
const notSameExtra: AssertSameType<OptionsOf<typeof OPTIONS_TABLE>, { k: number; tol?: number; extra?: string }> = true;
void [sameOptions, notSameOptional, notSameExtra];
