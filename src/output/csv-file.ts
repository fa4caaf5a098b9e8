// Streams rows to a CSV file under a temporary name; commit() renames it into place so a reader never sees a
// truncated file that looks whole.

import { closeSync, createWriteStream, openSync, readSync, writeSync, type WriteStream } from 'node:fs';
import { stringify, type Stringifier } from 'csv-stringify';
import { finished } from 'node:stream/promises';
import { commitTempFile, createTempFile, discardTempFile } from './temp-file.js';

export type Cell = string | number | boolean | null | undefined;

export class CsvFile {
  private readonly stringifier: Stringifier;
  private readonly stream: WriteStream;
  /** The first write error (ENOSPC, EIO): raised by the next write or close, never an unhandled 'error' event. */
  private failure: Error | undefined;
  readonly tempPath: string;

  constructor(readonly path: string, readonly columns: readonly string[]) {
    const temp = createTempFile(path);
    this.tempPath = temp.path;
    this.stream = createWriteStream('', { fd: temp.fd });
    this.stringifier = stringify({ header: true, columns: [...columns], cast: { number: formatNumber } });
    const fail = (error: Error) => { this.failure ??= error; };
    this.stream.on('error', fail);
    this.stringifier.on('error', fail);
    this.stringifier.pipe(this.stream);
  }

  /** Writes one row; resolves when the stream can take more (back-pressure). */
  async write(row: readonly Cell[]): Promise<void> {
    if (this.failure) throw this.failure;
    if (row.length !== this.columns.length) {
      throw new Error(`${this.path}: row has ${row.length} cells, expected ${this.columns.length}`);
    }
    if (!this.stringifier.write(row.map((c) => (c === null || c === undefined ? '' : c)))) {
      await new Promise<void>((resolve, reject) => {
        const onError = (error: Error) => { this.stringifier.off('drain', onDrain); reject(error); };
        const onDrain = () => { this.stream.off('error', onError); resolve(); };
        this.stringifier.once('drain', onDrain);
        this.stream.once('error', onError);
      });
    }
  }

  /** Finishes writing to the temporary file (not yet visible under its final name). */
  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    this.stringifier.end();
    await finished(this.stream);
    if (this.failure) throw this.failure;
  }

  commit(): void {
    commitTempFile(this.tempPath, this.path);
  }

  discard(): void {
    this.stringifier.unpipe(this.stream);
    this.stream.destroy();
    discardTempFile(this.tempPath);
  }
}

/** Numbers as the shortest round-trip text with at most 6 decimals; NaN and infinities as empty cells. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value)) return String(value);
  return String(Math.round(value * 1e6) / 1e6);
}

/**
 * A CSV file to write: its rows, then (`parts`) files of rows already in CSV form, appended byte for byte (a run's
 * vms.csv rows, written as the run went).
 */
export interface CsvFileSpec {
  path: string;
  columns: readonly string[];
  rows: Iterable<readonly Cell[]>;
  parts?: readonly string[];
}

/** Writes several files and makes them visible only when all are complete. */
export async function writeCsvFiles(files: CsvFileSpec[]): Promise<void> {
  const open: { file: CsvFile; spec: CsvFileSpec }[] = [];
  try {
    for (const f of files) open.push({ file: new CsvFile(f.path, f.columns), spec: f });
    for (const { file, spec } of open) {
      for (const row of spec.rows) await file.write(row);
      await file.close();
      if (spec.parts) appendFiles(file.tempPath, spec.parts);
    }
  } catch (error) {
    for (const { file } of open) file.discard();
    throw error;
  }
  for (const { file } of open) file.commit();
}

/** Appends the files `parts` to the file at `path`, byte for byte. */
export function appendFiles(path: string, parts: readonly string[]): void {
  const out = openSync(path, 'a');
  const buffer = Buffer.allocUnsafe(1 << 20);
  try {
    for (const part of parts) {
      const input = openSync(part, 'r');
      try {
        for (let n; (n = readSync(input, buffer, 0, buffer.length, null)) > 0;) writeSync(out, buffer, 0, n);
      } finally {
        closeSync(input);
      }
    }
  } finally {
    closeSync(out);
  }
}
