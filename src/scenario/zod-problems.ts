// Turns zod issues into Problems: one line each, with the field path and the value that was found.

import type { z } from 'zod';
import { EXCERPT_CHARS, formatPath, type Problem } from './input-error.js';
import { unknownFieldMessage } from './suggest-field.js';

type Issue = z.core.$ZodIssue;

/** `schema` (the one that produced the issues, at `prefix`) lets unknown fields get a "did you mean". */
export function zodProblems(source: string, issues: readonly Issue[], input: unknown, prefix: PropertyKey[] = [], schema?: z.ZodType): Problem[] {
  const problems: Problem[] = [];
  const at = { schema, prefixLength: prefix.length };
  for (const issue of issues) collect(issue, prefix, problems, source, input, at);
  return problems;
}

interface SchemaAt {
  schema: z.ZodType | undefined;
  prefixLength: number;
}

function collect(issue: Issue, prefix: PropertyKey[], out: Problem[], source: string, input: unknown, at: SchemaAt): void {
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
      for (const sub of best) collect(sub, path, out, source, input, at);
      return;
    }
  }
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    for (const key of issue.keys) {
      out.push({ source, path: formatPath([...path, key.length > EXCERPT_CHARS ? `${key.slice(0, EXCERPT_CHARS)}…` : key]), message: unknownFieldMessage(at.schema, path.slice(at.prefixLength), key) });
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
