// Writes an importer's output files only once everything was read without a problem: each file goes to a
// temporary name first and is renamed into place, so a reader never sees half a file.

import { mkdirSync } from 'node:fs';
import { writeFileAtomically } from '../output/temp-file.js';
import { join } from 'node:path';

export function writeOutputFiles(dir: string, files: Record<string, string>): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    writeFileAtomically(path, text);
    written.push(path);
  }
  return written;
}
