// Second half of `npm run build` (after tsc -b): bundles the compiled command line and its two thread entries with esbuild
// into dist/bundle/, one file per lazily loaded command plus shared chunks, so a start-up opens a few files instead
// of several hundred. Skipped when no input of the last bundle (esbuild's metafile) is newer than the bundle.

import { chmodSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const OUT = 'dist/bundle';
const META = join(OUT, 'meta.json');
const MAIN = join(OUT, 'cli', 'main.js');

function upToDate() {
  if (!existsSync(META) || !existsSync(MAIN)) return false;
  const built = statSync(META).mtimeMs;
  const meta = JSON.parse(readFileSync(META, 'utf8'));
  return [...Object.keys(meta.inputs).filter((file) => !file.includes(':')), 'scripts/bundle.mjs', 'package-lock.json']
    .every((file) => existsSync(file) && statSync(file).mtimeMs <= built);
}

/**
 * zod re-exports all of its ~50 message locales (`z.locales`, half of its code); capsim only uses the English
 * messages zod configures by default (imported from locales/en.js directly), so the namespace is bundled empty.
 */
const onlyEnglishZodMessages = {
  name: 'only-english-zod-messages',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      (/[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'empty' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

// tsc does not keep the executable bit of the unbundled command line (node dist/src/cli/main.js).
chmodSync('dist/src/cli/main.js', 0o755);

if (!upToDate()) {
  // Chunk names carry content hashes: clear the last bundle's files.
  rmSync(OUT, { recursive: true, force: true });
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: ['dist/src/cli/main.js', 'dist/src/experiment/worker-task.js', 'dist/src/workload/request-trace-worker.js'],
    outbase: 'dist/src',
    outdir: OUT,
    // Chunks at the top level: src/experiment/worker-pool.ts and src/workload/request-trace-stream.ts find their
    // thread entries from there.
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // CommonJS dependencies bundled into ES modules call require() for Node's built-ins.
    banner: { js: "import { createRequire as __capsimCreateRequire } from 'node:module'; const require = __capsimCreateRequire(import.meta.url);" },
    plugins: [onlyEnglishZodMessages],
    metafile: true,
    logLevel: 'warning',
  });
  writeFileSync(META, JSON.stringify(result.metafile));
  chmodSync(MAIN, 0o755);
}
