// Which code produced a results folder: the git commit of the checkout when there is one, else the package version
// and a sha256 over the built JavaScript (dist), so two installs of the same version with different code differ.

import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CAPSIM_VERSION } from './version.js';

export interface SourceRevision {
  packageVersion: string;
  gitCommit?: string;
  /** uncommitted changes to tracked files under src/ when the run started */
  gitDirty?: boolean;
  /** sha256 over the paths and contents of the built .js files, when there is no git checkout */
  distHash?: string;
}

function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'], encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

function jsFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .flatMap((e) => (e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : []))
    .sort();
}

let cached: SourceRevision | undefined;
let started: Promise<SourceRevision> | undefined;
// One git process gives both the commit (the `# branch.oid` header) and the changed tracked files under src/.
const STATUS_ARGS = ['status', '--porcelain=v2', '--branch', '--untracked-files=no', '--', ':(top)src'];

/**
 * Starts the git process without waiting for it (capsim run, before it simulates): its answer then describes the
 * checkout as the run started, and it runs beside the simulation instead of before the manifest is written.
 */
export function startSourceRevision(): void {
  if (cached !== undefined || started !== undefined) return;
  const here = dirname(fileURLToPath(import.meta.url));
  started = new Promise((resolve) => {
    try {
      execFile('git', STATUS_ARGS, { cwd: here, encoding: 'utf8' }, (error, stdout) => {
        resolve(fromStatus(error ? undefined : stdout.trim(), here));
      });
    } catch {
      resolve(fromStatus(undefined, here));
    }
  });
}

/** sourceRevision(), from the git process startSourceRevision started when there is one. */
export async function awaitSourceRevision(): Promise<SourceRevision> {
  if (cached === undefined && started !== undefined) cached = await started;
  return sourceRevision();
}

export function sourceRevision(): SourceRevision {
  if (cached !== undefined) return cached;
  const here = dirname(fileURLToPath(import.meta.url));
  cached = fromStatus(git(STATUS_ARGS, here), here);
  return cached;
}

function fromStatus(status: string | undefined, here: string): SourceRevision {
  const commit = status?.match(/^# branch\.oid ([0-9a-f]{40})$/m)?.[1];
  if (status !== undefined && commit !== undefined) {
    const dirty = status.split('\n').some((line) => line !== '' && !line.startsWith('#'));
    return { packageVersion: CAPSIM_VERSION, gitCommit: commit, gitDirty: dirty };
  }
  // here is <root>/dist/src/output (built) or <root>/src/output (tests): hash the code beside this module.
  const root = dirname(here);
  const hash = createHash('sha256');
  for (const file of jsFiles(root)) hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  return { packageVersion: CAPSIM_VERSION, distHash: hash.digest('hex') };
}
