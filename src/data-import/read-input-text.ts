// Reads a whole (small) text input file, turning a missing or unreadable file into an InputError.

import { readFileSync } from 'node:fs';
import { InputError } from '../scenario/input-error.js';
import { checkInputFile, MAX_TRACE_BYTES } from '../scenario/input-file.js';

export function readInputText(file: string): string {
  checkInputFile(file, MAX_TRACE_BYTES);
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InputError([{ source: file, path: '', message: `cannot read file (${reason})` }]);
  }
}

/** Lines without their terminators; a final empty line (from a trailing newline) is dropped. */
export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
