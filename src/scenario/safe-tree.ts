// Checks on a parsed document before anything else looks at it: nesting depth (recursive code further on — zod,
// the error describer, structuredClone — must not overflow the stack) and keys that would reach an object's
// prototype chain when assigned (`obj[key] = v` with key "__proto__" replaces the prototype).

import { formatPath, type Problem } from './input-error.js';

/** Keys refused anywhere in a scenario and in --set / --vary paths. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Deeper than any scenario needs (the deepest field is about 7 levels down). */
export const MAX_DEPTH = 64;

/** Problems of a parsed tree (iterative, so a deep tree cannot overflow the stack here); at most a few. */
export function treeProblems(root: unknown, source: string, maxDepth = MAX_DEPTH): Problem[] {
  const problems: Problem[] = [];
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0 && problems.length < 5) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= maxDepth) {
      problems.push({ source, path: formatPath(path.slice(0, 8)) + '…', message: `nested more than ${maxDepth} levels deep` });
      continue;
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
      continue;
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) {
        problems.push({ source, path: formatPath([...path, key]), message: `"${key}" is not allowed as a key` });
        continue;
      }
      stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return problems;
}

/** Problems of a --set / --vary path: a forbidden key in it. */
export function pathProblems(parts: readonly string[], source: string, path: string): Problem[] {
  const bad = parts.find((p) => FORBIDDEN_KEYS.has(p));
  return bad === undefined ? [] : [{ source, path, message: `"${bad}" is not allowed in a field path` }];
}
