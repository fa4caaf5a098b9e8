// capsim's version from package.json (it goes into manifest.json); found by walking up from this file, so it works
// from src/ (tests) and dist/src/ (built) alike.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageJson(): { version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) {
      const json = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version: string };
      if (json.name === 'capsim') return json;
    }
    const parent = dirname(dir);
    if (parent === dir) return { version: 'unknown' };
    dir = parent;
  }
}

export const CAPSIM_VERSION: string = findPackageJson().version;
