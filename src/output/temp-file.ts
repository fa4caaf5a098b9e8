// Temporary files of output written under their final name only when complete. A temporary name is
// `<final>.partial-<pid>-<random>`, created exclusively (O_CREAT|O_EXCL: a file or symlink planted at that name
// makes the open fail instead of redirecting the write), removed on error and on SIGINT/SIGTERM, and — when a run
// was killed outright — removed by the next run into the same folder (its pid is no longer alive).

import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TEMP_MARK = '.partial-';
const TEMP_NAME = /\.(?:partial|tmp)-(\d+)(?:-[0-9a-f]+)*$/;

/** Temporary files of this thread not yet committed or discarded. */
const live = new Set<string>();

export interface TempFile {
  path: string;
  fd: number;
}

/** Creates an empty temporary file beside `finalPath`, exclusively, readable by all (like a file written plainly). */
export function createTempFile(finalPath: string): TempFile {
  const path = `${finalPath}${TEMP_MARK}${process.pid}-${randomBytes(6).toString('hex')}`;
  const fd = openSync(path, 'wx', 0o644);
  live.add(path);
  if (live.size === 1) listen(true);
  return { path, fd };
}

/** Renames a finished temporary file to its final name. */
export function commitTempFile(tempPath: string, finalPath: string): void {
  renameSync(tempPath, finalPath);
  forget(tempPath);
}

function forget(tempPath: string): void {
  if (live.delete(tempPath) && live.size === 0) listen(false);
}

export function discardTempFile(tempPath: string): void {
  forget(tempPath);
  rmSync(tempPath, { force: true });
}

/** Writes `text` to `path` atomically: a reader sees the old file, or the whole new one. */
export function writeFileAtomically(path: string, text: string): void {
  const temp = createTempFile(path);
  try {
    writeFileSync(temp.fd, text);
    closeSync(temp.fd);
  } catch (error) {
    try { closeSync(temp.fd); } catch { /* already closed */ }
    discardTempFile(temp.path);
    throw error;
  }
  commitTempFile(temp.path, path);
}

/** True when process `pid` exists (signal 0 probes without sending anything). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temporary files in `dir` left by processes that are gone (not those of a live process, e.g. another shard). */
export function removeStaleTempFiles(dir: string): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const match = TEMP_NAME.exec(name);
    if (!match) continue;
    // This process counts as alive too: its worker threads may be writing here.
    if (pidAlive(Number(match[1]))) continue;
    rmSync(join(dir, name), { force: true });
    removed++;
  }
  return removed;
}

let installed = false;

/** Removes this thread's temporary files not yet committed (a run abandoned on bad input). */
export function discardLiveTempFiles(): void {
  for (const path of live) rmSync(path, { force: true });
  live.clear();
  listen(false);
}

const clean = discardLiveTempFiles;

const onSignal = (signal: NodeJS.Signals) => {
  clean();
  process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
};

/**
 * Listens for SIGINT/SIGTERM only while temporary files exist: a handler defers the signal to the event loop, and a
 * simulation running in this thread must stay interruptible at once.
 */
function listen(on: boolean): void {
  if (!installed) return;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    if (on) process.on(signal, onSignal);
    else process.off(signal, onSignal);
  }
}

/** On SIGINT/SIGTERM and at exit, removes this thread's temporary files (then exits as the signal would). */
export function installTempCleanup(): void {
  if (installed) return;
  installed = true;
  process.on('exit', clean);
  if (live.size > 0) listen(true);
}
