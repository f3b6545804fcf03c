/**
 * Symbolic score functions and observed information with mathjs, for showing derivations in
 * notebooks: the derivative of a log-likelihood expression with respect to a parameter, simplified,
 * as text and as LaTeX, plus a compiled evaluator.
 * @module
 */
import type { MathNode } from "mathjs";
import { DomainError, InvalidInputError, NonFiniteError } from "../core/errors.js";
// mathjs is not loaded at start-up: in Node `#mathjs` requires it on the first call, in bundles it
// is a static import (lib/package.json `imports`; ./mathjs-lazy.ts and ./mathjs-static.ts). Its
// types stay internal: nothing public mentions them, so the emitted .d.ts works on TS 5.0.
import { loadMathjs } from "#mathjs";

/** A symbolic expression with its renderings. */
export interface SymbolicExpression {
  /** The simplified expression in mathjs syntax, e.g. "k / p + (k - n) / (1 - p)". */
  expression: string;
  /** The same as LaTeX, e.g. "\\frac{k}{p}+\\frac{k-n}{1-p}". */
  tex: string;
  /**
   * Evaluates the expression for numeric values of its symbols.
   * @example
   * score("k*log(p) + (n-k)*log(1-p)", "p").evaluate({ k: 3, n: 10, p: 0.3 }); // → 0
   */
  evaluate(scope: Record<string, number>): number;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function parseChecked(expression: string, parameter: string, fn: string): MathNode {
  if (typeof expression !== "string" || expression.trim() === "") {
    throw new InvalidInputError(`${fn}: expression must be a non-empty string such as "k*log(p) + (n-k)*log(1-p)".`);
  }
  if (typeof parameter !== "string" || !IDENT.test(parameter)) {
    throw new InvalidInputError(`${fn}: parameter must be a variable name (letters, digits, _), got ${JSON.stringify(parameter)}.`);
  }
  let node: MathNode;
  try {
    node = loadMathjs().parse(expression);
  } catch (e) {
    throw new InvalidInputError(`${fn}: could not parse ${JSON.stringify(expression)}: ${(e as Error).message}. Use mathjs syntax (*, /, ^, log, exp, ...).`);
  }
  const symbols = new Set<string>();
  node.traverse((n) => {
    if ((n as MathNode & { isSymbolNode?: boolean }).isSymbolNode) symbols.add((n as unknown as { name: string }).name);
  });
  if (!symbols.has(parameter)) {
    throw new DomainError(`${fn}: the parameter '${parameter}' does not occur in the expression (symbols: ${[...symbols].join(", ") || "none"}).`);
  }
  return node;
}

function wrap(node: MathNode, fn: string): SymbolicExpression {
  const simplified = loadMathjs().simplify(node);
  const compiled = simplified.compile();
  return {
    expression: simplified.toString(),
    tex: simplified.toTex(),
    evaluate(scope: Record<string, number>): number {
      let v: unknown;
      try {
        v = compiled.evaluate({ ...scope });
      } catch (e) {
        throw new InvalidInputError(`${fn}: could not evaluate: ${(e as Error).message}. Give a number for every symbol.`);
      }
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new NonFiniteError(`${fn}: the expression evaluates to ${String(v)} for ${JSON.stringify(scope)}; check the values are inside the parameter space.`);
      }
      return v;
    },
  };
}

/**
 * The score ∂ℓ/∂θ of a log-likelihood written as a mathjs expression, simplified.
 * @param expression the log-likelihood, e.g. "k*log(p) + (n-k)*log(1-p)" (Binomial)
 * @param parameter the parameter to differentiate by, e.g. "p"
 * @example
 * const s = score("k*log(p) + (n-k)*log(1-p)", "p");
 * s.expression; // → "k / p + (k - n) / (1 - p)"
 * s.tex;        // → "\\frac{ k}{ p}+\\frac{ k- n}{1- p}"
 */
export function score(expression: string, parameter: string): SymbolicExpression {
  const node = parseChecked(expression, parameter, "score");
  return wrap(loadMathjs().derivative(node, parameter), "score");
}

/**
 * The observed information −∂²ℓ/∂θ² of a log-likelihood expression, simplified.
 * @example
 * observedInformationExpression("n*log(lambda) - lambda*s", "lambda").expression; // → "n / lambda ^ 2"
 */
export function observedInformationExpression(expression: string, parameter: string): SymbolicExpression {
  const node = parseChecked(expression, parameter, "observedInformationExpression");
  const { derivative, parse } = loadMathjs();
  const second = derivative(derivative(node, parameter), parameter);
  return wrap(parse(`-(${second.toString()})`), "observedInformationExpression");
}
