// Problems in a text input file located as `file:line:column` (1-based), the form editors and compilers use.

import type { Problem } from '../scenario/input-error.js';

export function problemAt(file: string, line: number, column: number, message: string): Problem {
  return { source: `${file}:${line}:${column}`, path: '', message };
}
