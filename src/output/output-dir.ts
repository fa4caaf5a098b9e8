// The results folder, made ready before any simulation: created, checked to be a writable folder (a file named
// by --out, a read-only mount or a name too long fail here, in a second, not after the run), cleared of
// temporary files a killed run left behind.

import { closeSync, mkdirSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../scenario/input-error.js';
import { ioErrorLine } from './io-error.js';
import { createTempFile, discardTempFile, removeStaleTempFiles } from './temp-file.js';

/** Files a run or sweep writes into its folder; an earlier run's copy of one the new run does not write is removed. */
export const OUTPUT_FILES = ['summary.csv', 'comparison.csv', 'flavors.csv', 'timeseries.csv', 'vms.csv', 'events.csv', 'report.html'] as const;

/** Returns the first folder it created (undefined when `dir` existed), for removeCreatedOutputDir. */
export function prepareOutputDir(dir: string, source = '--out'): string | undefined {
  const refuse = (error: unknown): never => {
    throw new InputError([{ source, path: dir, message: `not a writable folder (${ioErrorLine(error) ?? (error as Error).message})` }]);
  };
  let created: string | undefined;
  try {
    created = mkdirSync(dir, { recursive: true });
  } catch (error) {
    refuse(error);
  }
  if (!statSync(dir).isDirectory()) refuse(Object.assign(new Error('not a folder'), { code: 'ENOTDIR', path: dir }));
  try {
    const probe = createTempFile(`${dir}/.write-check`);
    closeSync(probe.fd);
    discardTempFile(probe.path);
  } catch (error) {
    refuse(error);
  }
  removeStaleTempFiles(dir);
  return created;
}

/**
 * Removes `dir` and its parents up to `created` (prepareOutputDir's answer) while they are empty: a run refused on
 * input found after the folder was made (a streamed trace's bad row) leaves nothing behind.
 */
export function removeCreatedOutputDir(dir: string, created: string | undefined): void {
  if (created === undefined) return;
  for (let at = resolve(dir), top = resolve(created); ; at = dirname(at)) {
    try {
      rmdirSync(at);
    } catch {
      return;
    }
    if (at === top || dirname(at) === at) return;
  }
}

/** Removes output files of an earlier run in `dir` that `written` (file names) does not include. */
export function removeUnwrittenOutputs(dir: string, written: readonly string[]): void {
  for (const name of OUTPUT_FILES) if (!written.includes(name)) rmSync(`${dir}/${name}`, { force: true });
}
