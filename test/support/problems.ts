// Runs a function that should throw InputError and returns its problems as "source: path: message" lines
// (an empty list when it does not throw).

import { InputError } from '../../src/scenario/input-error.js';

export function problemLines(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof InputError) return error.problems.map((p) => `${p.source}: ${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}
