// Opens a user-named input (scenario, trace) for reading: only a regular file, at most a size cap, text without NUL
// bytes. A FIFO, a device such as /dev/zero or a folder would block or read forever; a binary file is never text.

import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { InputError } from './input-error.js';

/** Scenario files are hand-written: a few KiB. */
export const MAX_SCENARIO_BYTES = 4 * 1024 * 1024;
/** Traces may be long; V8 cannot hold a string much over 512 MiB anyway. */
export const MAX_TRACE_BYTES = 512 * 1024 * 1024;

/** Throws an InputError (exit 2) unless `file` names a regular file of at most `maxBytes`; returns its size. */
export function checkInputFile(file: string, maxBytes: number, what = 'file'): number {
  let stat;
  try {
    stat = statSync(file);
  } catch (error) {
    throw new InputError([{ source: file, path: '', message: `cannot read ${what} (${(error as NodeJS.ErrnoException).code ?? 'error'})` }]);
  }
  if (!stat.isFile()) throw new InputError([{ source: file, path: '', message: `expected a regular ${what}, got ${kind(stat)}` }]);
  if (stat.size > maxBytes) throw new InputError([{ source: file, path: '', message: `${what} is ${stat.size} bytes; at most ${maxBytes} are read` }]);
  return stat.size;
}

/**
 * Reads `file` as UTF-8 text after checkInputFile. The file is opened non-blocking and checked again on the open
 * descriptor, so a file swapped for a FIFO between the two checks cannot block; reading stops at `maxBytes`.
 */
export function readInputText(file: string, maxBytes: number, what = 'file'): string {
  checkInputFile(file, maxBytes, what);
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new InputError([{ source: file, path: '', message: `cannot read ${what} (${(error as NodeJS.ErrnoException).code ?? 'error'})` }]);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new InputError([{ source: file, path: '', message: `expected a regular ${what}, got ${kind(stat)}` }]);
    // Files under /proc report size 0 and still have content: read in chunks up to the cap.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      chunks.push(buffer.subarray(0, n));
      total += n;
      if (total > maxBytes) throw new InputError([{ source: file, path: '', message: `${what} is over ${maxBytes} bytes; at most ${maxBytes} are read` }]);
    }
    const bytes = Buffer.concat(chunks, total);
    if (bytes.includes(0)) throw new InputError([{ source: file, path: '', message: `expected a text ${what}, found NUL bytes (a binary file?)` }]);
    return bytes.toString('utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError([{ source: file, path: '', message: `cannot read ${what} (${(error as NodeJS.ErrnoException).code ?? 'error'})` }]);
  } finally {
    closeSync(fd);
  }
}

function kind(stat: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'a special file';
}
