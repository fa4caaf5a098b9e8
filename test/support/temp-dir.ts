// Temporary folders for tests, removed after the test file finishes (import this at the top of a test file or of a
// helper it imports, so the afterAll hook belongs to that file).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `capsim-${prefix}-`));
  made.push(dir);
  return dir;
}
