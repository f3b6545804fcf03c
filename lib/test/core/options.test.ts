import { describe, expect, it } from "vitest";
import { DomainError, InvalidInputError, UnknownOptionError } from "../../src/core/errors.js";
import { bool, int, nonNegative, oneOf, option, parseOptions, positive, seedOption, toRng } from "../../src/core/options.js";
import { Rng } from "../../src/core/rng.js";

const TABLE = {
  k: int({ min: 1, required: true, doc: "the number of components" }),
  tol: nonNegative({ default: 1e-10 }),
  scale: positive(),
  kind: oneOf(["a", "b"] as const, { default: "a" }),
  flag: bool({ default: false }),
  seed: seedOption(),
  list: option<number[], number[], { default: () => number[] }>((v, fn, name) => {
    if (!Array.isArray(v)) throw new InvalidInputError(`${fn}: ${name} must be an array.`);
    return v;
  }, { default: () => [] }),
};

describe("parseOptions (declarative options)", () => {
  it("fills defaults, keeps given values, leaves optional ones without a default undefined", () => {
    const o = parseOptions(TABLE, { k: 3, kind: "b" }, "f");
    expect(o).toMatchObject({ k: 3, tol: 1e-10, scale: undefined, kind: "b", flag: false, list: [] });
    expect(o.seed).toBeInstanceOf(Rng);
    expect(o.seed.seed).toBe(0);
    // A function default gives a fresh value per call.
    expect(parseOptions(TABLE, { k: 1 }, "f").list).not.toBe(parseOptions(TABLE, { k: 1 }, "f").list);
  });

  it("names the function, the option and what was wrong", () => {
    expect(() => parseOptions(TABLE, undefined, "f")).toThrow(/^f: options are required, at least \{ k \}: k \(the number of components\)\./);
    expect(() => parseOptions(TABLE, {}, "f")).toThrow(/^f: option k \(the number of components\) is required\./);
    expect(() => parseOptions(TABLE, { k: 0 }, "f")).toThrow(/^f: k must be ≥ 1, got 0\./);
    expect(() => parseOptions(TABLE, { k: 1.5 }, "f")).toThrow(/^f: k must be an integer/);
    expect(() => parseOptions(TABLE, { k: "2" }, "f")).toThrow(DomainError);
    expect(() => parseOptions(TABLE, { k: 1, tol: -1 }, "f")).toThrow(/^f: tol must be ≥ 0, got -1\./);
    expect(() => parseOptions(TABLE, { k: 1, scale: 0 }, "f")).toThrow(/^f: scale must be > 0/);
    expect(() => parseOptions(TABLE, { k: 1, kind: "c" }, "f")).toThrow(/^f: unknown kind 'c'\. Use one of "a", "b"\./);
    expect(() => parseOptions(TABLE, { k: 1, flag: 1 }, "f")).toThrow(/^f: flag must be true or false/);
    expect(() => parseOptions(TABLE, { k: 1, sead: 1 }, "f")).toThrow(UnknownOptionError);
    expect(() => parseOptions(TABLE, { k: 1, sead: 1 }, "f")).toThrow(/Did you mean 'seed'\?/);
    expect(() => parseOptions(TABLE, { k: 1, list: 3 }, "f")).toThrow(/^f: list must be an array/);
    expect(() => parseOptions(TABLE, [1], "f")).toThrow(/options must be an object/);
    // A lower bound explained in words replaces the generic message (non-integers still get the generic one).
    const explained = { k: int({ min: 1, belowMin: "a mixture needs at least one component (k ≥ 1)" }) };
    expect(() => parseOptions(explained, { k: 0 }, "f")).toThrow(DomainError);
    expect(() => parseOptions(explained, { k: 0 }, "f")).toThrow(/^f: k = 0; a mixture needs at least one component \(k ≥ 1\)\.$/);
    expect(() => parseOptions(explained, { k: 0.5 }, "f")).toThrow(/^f: k must be an integer/);
  });

  it("seeds: an integer or an Rng (used as is)", () => {
    const rng = new Rng(5);
    expect(toRng(rng, "f")).toBe(rng);
    expect(toRng(7, "f").seed).toBe(7);
    expect(() => toRng(1.5, "f")).toThrow(/seed must be an integer/);
    expect(() => toRng("1", "f")).toThrow(/seed must be an integer or an Rng/);
  });
});
