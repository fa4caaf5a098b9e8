// Writes the report next to the results (or where asked): to a temporary name first, renamed only when complete,
// so bad input or a crash never leaves a half-written page.

import { existsSync, statSync } from 'node:fs';
import { writeFileAtomically } from '../output/temp-file.js';
import { dirname, join, resolve } from 'node:path';
import { InputError } from './input-error.js';
import { renderReport } from './render-report.js';

export const DEFAULT_REPORT_NAME = 'report.html';

/** Renders the report of results folder `dir` into `outFile` (default `<dir>/report.html`); returns the path written. */
export function writeReport(dir: string, outFile?: string): string {
  const out = resolve(outFile ?? join(dir, DEFAULT_REPORT_NAME));
  const folder = dirname(out);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new InputError(`${outFile ?? out}: the folder ${folder} does not exist`);
  }
  const html = renderReport(dir);
  writeFileAtomically(out, html);
  return out;
}
