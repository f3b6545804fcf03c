/**
 * Declarative options: one table per function gives every option's validator, default and
 * requiredness; {@link parseOptions} checks an options object against it (unknown names with a
 * did-you-mean, wrong types, out-of-range values, missing required options, all naming the
 * function) and returns the values with defaults filled in, typed by {@link ResolvedOf}.
 *
 * The documented options interface of a function (what editors show on hover, with one JSDoc per
 * field) stays an explicit interface, and {@link OptionsOf} derives the same type from the table,
 * so that `AssertSameType<OptionsOf<typeof TABLE>, TheOptions>` fails to compile when they drift
 * apart (a field added to one and not the other, a changed type, optional vs required). An
 * interface is kept because inferred types lose the per-field documentation in the emitted
 * declaration files.
 * @module
 */
import { DomainError, InvalidInputError } from "./errors.js";
import { Rng } from "./rng.js";
import { assertNumber, checkOptions } from "./validate.js";

/**
 * One option: how to check a given value (returning the value to use), its default, whether it is
 * required. `In` is the type callers may pass, `Out` the type the function works with.
 * @example
 * const k: OptionSpec<number, number, true> = int({ min: 1, required: true, doc: "the number of components" });
 */
export interface OptionSpec<In, Out = In, Required extends boolean = boolean> {
  /** true: leaving the option out is an error naming {@link OptionSpec.doc}. */
  readonly required: Required;
  /** The value used when the option is left out (undefined: none). */
  readonly defaultValue: (() => Out) | undefined;
  /** What the option is, in words (used in the "is required" message). */
  readonly doc: string;
  /** Checks a given value (never undefined), throwing an {@link InvalidInputError} subclass. */
  check(value: unknown, fn: string, name: string): Out;
  /** @internal phantom: the input type. */
  readonly __in?: In;
}

/** Any option specification (the values of an options table). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOptionSpec = OptionSpec<any, any, boolean>;

/** An options table: option name → specification. */
export type OptionsTable = Record<string, AnyOptionSpec>;

type InOf<S> = S extends OptionSpec<infer I, unknown, boolean> ? I : never;
type OutOf<S> = S extends OptionSpec<unknown, infer O, boolean> ? O : never;
type RequiredKeys<T> = { [K in keyof T]: T[K] extends { required: true } ? K : never }[keyof T];
type DefaultedKeys<T> = { [K in keyof T]: T[K] extends { defaultValue: () => unknown } ? K : never }[keyof T];
type Flat<T> = { [K in keyof T]: T[K] };

/**
 * The options type a table accepts: required options as required fields, the others optional.
 * @example
 * type O = OptionsOf<{ k: OptionSpec<number, number, true>; tol: OptionSpec<number, number, false> }>; // { k: number; tol?: number }
 */
export type OptionsOf<T extends OptionsTable> = Flat<
  { [K in RequiredKeys<T> & keyof T]: InOf<T[K]> } & { [K in Exclude<keyof T, RequiredKeys<T>>]?: InOf<T[K]> }
>;

/**
 * What {@link parseOptions} returns for a table: every option, with its default filled in (fields
 * without a default may be undefined).
 * @example
 * type R = ResolvedOf<typeof TABLE>;
 */
export type ResolvedOf<T extends OptionsTable> = Flat<
  { [K in (RequiredKeys<T> | DefaultedKeys<T>) & keyof T]: OutOf<T[K]> } & {
    [K in Exclude<keyof T, RequiredKeys<T> | DefaultedKeys<T>>]: OutOf<T[K]> | undefined;
  }
>;

/**
 * Compiles only when A and B are the same type (the check that an options interface and its table
 * agree): `const ok: AssertSameType<A, B> = true;`.
 * @example
 * const agree: AssertSameType<OptionsOf<typeof GMM_OPTIONS>, GaussianMixtureOptions> = true;
 */
export type AssertSameType<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : never;

interface SpecSettings<Out> {
  /** The default value (a function for values that must not be shared between calls). */
  default?: Out | (() => Out);
  /** Make the option required. */
  required?: boolean;
  /** What the option is, in words. */
  doc?: string;
}

type Spec<In, Out, S> = OptionSpec<In, Out, S extends { required: true } ? true : false> &
  (S extends { default: unknown } ? { defaultValue: () => Out } : unknown);

/**
 * A specification from a check function: the building block of the typed constructors below.
 * @example
 * const init = option((v, fn, name) => { if (typeof v !== "object") throw new InvalidInputError(`${fn}: ${name} must be an object.`); return v as Params; });
 */
export function option<In, Out = In, S extends SpecSettings<Out> = SpecSettings<Out>>(
  check: (value: unknown, fn: string, name: string) => Out,
  settings?: S,
): Spec<In, Out, S> {
  const d = settings?.default;
  const defaultValue = d === undefined ? undefined : typeof d === "function" ? (d as () => Out) : () => d as Out;
  return { required: settings?.required === true, defaultValue, doc: settings?.doc ?? "", check } as unknown as Spec<In, Out, S>;
}

/**
 * A finite number with optional bounds.
 * @example
 * const regCovar = num({ ge: 0, default: 1e-6 });
 */
export function num<S extends SpecSettings<number> & { gt?: number; ge?: number; lt?: number; le?: number }>(settings?: S): Spec<number, number, S> {
  const b = { gt: settings?.gt, ge: settings?.ge, lt: settings?.lt, le: settings?.le };
  return option<number, number, S>((v, fn, name) => {
    assertNumber(v, fn, name, b);
    return v;
  }, settings);
}

/**
 * A number ≥ 0 (tolerances).
 * @example
 * const tol = nonNegative({ default: 1e-10 });
 */
export function nonNegative<S extends SpecSettings<number>>(settings?: S): Spec<number, number, S> {
  return num({ ...settings, ge: 0 }) as Spec<number, number, S>;
}

/**
 * A number > 0.
 * @example
 * const parameterTolerance = positive({ default: 1e-3 });
 */
export function positive<S extends SpecSettings<number>>(settings?: S): Spec<number, number, S> {
  return num({ ...settings, gt: 0 }) as Spec<number, number, S>;
}

/**
 * An integer with optional bounds. `belowMin` explains the lower bound in words: an integer below
 * `min` is then reported as "fn: name = v; belowMin." instead of the generic "must be ≥ min".
 * @example
 * const k = int({ min: 1, required: true, doc: "the number of components", belowMin: "a mixture needs at least one component (k ≥ 1)" });
 */
export function int<S extends SpecSettings<number> & { min?: number; max?: number; belowMin?: string }>(settings?: S): Spec<number, number, S> {
  return option<number, number, S>((v, fn, name) => {
    const min = settings?.min;
    if (settings?.belowMin !== undefined && min !== undefined && typeof v === "number" && Number.isInteger(v) && v < min) {
      throw new DomainError(`${fn}: ${name} = ${v}; ${settings.belowMin}.`);
    }
    assertNumber(v, fn, name, { integer: true, ge: min, le: settings?.max });
    return v;
  }, settings);
}

/**
 * true or false.
 * @example
 * const trackElbo = bool({ default: false });
 */
export function bool<S extends SpecSettings<boolean>>(settings?: S): Spec<boolean, boolean, S> {
  return option<boolean, boolean, S>((v, fn, name) => {
    if (typeof v !== "boolean") throw new InvalidInputError(`${fn}: ${name} must be true or false, got ${describeValue(v)}.`);
    return v;
  }, settings);
}

/**
 * One of a fixed list of strings.
 * @example
 * const covarianceType = oneOf(["full", "tied", "diag", "spherical"] as const, { default: "full" });
 */
export function oneOf<const V extends readonly string[], S extends SpecSettings<V[number]>>(values: V, settings?: S): Spec<V[number], V[number], S> {
  return option<V[number], V[number], S>((v, fn, name) => {
    const list = values.map((s) => `"${s}"`).join(", ");
    if (typeof v !== "string") throw new DomainError(`${fn}: ${name} must be one of ${list}, got ${describeValue(v)}.`);
    if (!values.includes(v)) throw new DomainError(`${fn}: unknown ${name} '${v}'. Use one of ${list}.`);
    return v;
  }, settings);
}

/**
 * A seed: an integer or an {@link Rng} (used as is, so a caller can thread one generator through
 * several calls). Resolves to an Rng; the default is seed 0, so every call is reproducible.
 * @example
 * const seed = seedOption(); // parseOptions(...).seed is an Rng
 */
export function seedOption(): Spec<number | Rng, Rng, { default: () => Rng }> {
  return option<number | Rng, Rng, { default: () => Rng }>((v, fn, name) => toRng(v, fn, name), { default: () => new Rng(0) });
}

/**
 * A seed value as an {@link Rng}: an Rng is used as is, a number must be an integer.
 * @throws DomainError for a non-integer or non-number seed
 * @example
 * toRng(42, "fitHMM", "seed").uniform();
 */
export function toRng(v: unknown, fn: string, name = "seed"): Rng {
  if (v instanceof Rng) return v;
  if (typeof v !== "number") throw new DomainError(`${fn}: ${name} must be an integer or an Rng, got ${describeValue(v)}.`);
  assertNumber(v, fn, name, { integer: true });
  return new Rng(v);
}

/**
 * A function.
 * @example
 * const onIteration = func<(info: EMIterationInfo<P>) => void | boolean>();
 */
export function func<F extends (arg: never) => unknown>(): Spec<F, F, SpecSettings<F>> {
  return option<F, F>((v, fn, name) => {
    if (typeof v !== "function") throw new InvalidInputError(`${fn}: ${name} must be a function, got ${describeValue(v)}.`);
    return v as F;
  });
}

function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "string") return `"${v}"`;
  if (typeof v === "object") return Array.isArray(v) ? "an array" : "an object";
  return String(v);
}

/**
 * Checks `options` against `table` and returns every option's value (given, or its default).
 * @param fn the function the messages name, e.g. "fitGaussianMixture" (a required option's `doc` explains it in the "options are required" message)
 * @throws UnknownOptionError for a name not in the table (with a did-you-mean), InvalidInputError
 *   when a required option (or the whole object) is missing, and what each option's check throws
 * @example
 * const TABLE = { k: int({ min: 1, required: true, doc: "the number of components" }), tol: nonNegative({ default: 1e-10 }) };
 * parseOptions(TABLE, { k: 2 }, "fitGaussianMixture"); // → { k: 2, tol: 1e-10 }
 */
export function parseOptions<T extends OptionsTable>(table: T, options: unknown, fn: string): ResolvedOf<T> {
  const names = Object.keys(table);
  const required = names.filter((n) => table[n].required);
  if (options === undefined || options === null) {
    if (required.length === 0) options = {};
    else {
      const list = required.map((n) => (table[n].doc ? `${n} (${table[n].doc})` : n)).join(", ");
      throw new InvalidInputError(`${fn}: options are required, at least { ${required.join(", ")} }: ${list}.`);
    }
  }
  checkOptions(options, names, fn);
  const given = options as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const name of names) {
    const spec = table[name];
    const v = given[name];
    if (v === undefined) {
      if (spec.required) throw new InvalidInputError(`${fn}: option ${name}${spec.doc ? ` (${spec.doc})` : ""} is required.`);
      out[name] = spec.defaultValue ? spec.defaultValue() : undefined;
    } else {
      out[name] = spec.check(v, fn, name);
    }
  }
  return out as ResolvedOf<T>;
}
