// Shared by the sweep and Slurm tests: the built CLI, temporary folders, and byte comparison of results folders.

import { spawn, spawnSync } from 'node:child_process';
import { onTestFinished } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const MAIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');
export const SMALL = join(ROOT, 'test', 'sweep', 'fixtures', 'small.yaml');
/** Two varied parameters (a numeric range and a nested arm field): 2 × 2 = 4 points. */
export const SMALL_VARY = ['--vary', 'workload.arrivals.poisson.ratePerHour=3:5:2', '--vary', 'arms.stack.nova.ramAllocationRatio=1.0,1.5'];
export const CSVS = ['summary.csv', 'comparison.csv', 'flavors.csv', 'timeseries.csv'] as const;

export function capsim(args: string[], env: NodeJS.ProcessEnv = process.env): { code: number; stdout: string; stderr: string } {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` (npm test does) first`);
  const result = spawnSync(process.execPath, [MAIN, ...args], { cwd: ROOT, encoding: 'utf8', env });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function capsimAsync(args: string[]) {
  return spawn(process.execPath, [MAIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `capsim-${prefix}-`));
}

/** A temporary folder removed when the calling test finishes. */
export function scratchDir(prefix: string): string {
  const dir = tempDir(prefix);
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function readCsvs(dir: string, files: readonly string[] = CSVS): Record<string, string> {
  return Object.fromEntries(files.map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}
