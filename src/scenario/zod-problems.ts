// Turns zod issues into Problems: one line each, with the field path and the value that was found.

import type { z } from 'zod';
import { EXCERPT_CHARS, formatPath, type Problem } from './input-error.js';

type Issue = z.core.$ZodIssue;

export function zodProblems(source: string, issues: readonly Issue[], input: unknown, prefix: PropertyKey[] = []): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) collect(issue, prefix, problems, source, input);
  return problems;
}

function collect(issue: Issue, prefix: PropertyKey[], out: Problem[], source: string, input: unknown): void {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // Report the branch that got furthest (the deepest issue path) when it went past the union's own level:
    // `{ exponential: { mean: "soon" } }` should say what is wrong with mean, not "expected a distribution".
    let best: Issue[] | undefined;
    let bestDepth = 0;
    for (const branch of issue.errors) {
      const depth = Math.min(...branch.map((i) => (i.code === 'unrecognized_keys' ? 0 : i.path.length)));
      if (depth > bestDepth) {
        best = branch;
        bestDepth = depth;
      }
    }
    if (best) {
      for (const sub of best) collect(sub, path, out, source, input);
      return;
    }
  }
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) {
      out.push({ source, path: formatPath([...path, key.length > EXCERPT_CHARS ? `${key.slice(0, EXCERPT_CHARS)}…` : key]), message: 'unknown field' });
    }
    return;
  }
  if (issue.code === 'invalid_type' && valueAt(input, path) === undefined) {
    message = `required field missing (expected ${issue.expected})`;
  } else if (issue.code !== 'custom') {
    const got = valueAt(input, path);
    message = `${message.replace(/^Invalid input: /, '')}, got ${describe(got)}`;
  }
  out.push({ source, path: formatPath(path), message });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1)}…` : text;
}
