// Streams rows to a CSV file under a temporary name; commit() renames it into place so a reader never sees a
// truncated file that looks whole.

import { createWriteStream, renameSync, rmSync, type WriteStream } from 'node:fs';
import { stringify, type Stringifier } from 'csv-stringify';
import { finished } from 'node:stream/promises';

export type Cell = string | number | boolean | null | undefined;

export class CsvFile {
  private readonly stringifier: Stringifier;
  private readonly stream: WriteStream;
  readonly tempPath: string;

  constructor(readonly path: string, readonly columns: readonly string[]) {
    this.tempPath = `${path}.partial-${process.pid}`;
    this.stream = createWriteStream(this.tempPath);
    this.stringifier = stringify({ header: true, columns: [...columns], cast: { number: formatNumber } });
    this.stringifier.pipe(this.stream);
  }

  /** Writes one row; resolves when the stream can take more (back-pressure). */
  async write(row: readonly Cell[]): Promise<void> {
    if (row.length !== this.columns.length) {
      throw new Error(`${this.path}: row has ${row.length} cells, expected ${this.columns.length}`);
    }
    if (!this.stringifier.write(row.map((c) => (c === null || c === undefined ? '' : c)))) {
      await new Promise((resolve) => this.stringifier.once('drain', resolve));
    }
  }

  /** Finishes writing to the temporary file (not yet visible under its final name). */
  async close(): Promise<void> {
    this.stringifier.end();
    await finished(this.stream);
  }

  commit(): void {
    renameSync(this.tempPath, this.path);
  }

  discard(): void {
    rmSync(this.tempPath, { force: true });
  }
}

/** Numbers as the shortest round-trip text with at most 6 decimals; NaN and infinities as empty cells. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value)) return String(value);
  return String(Math.round(value * 1e6) / 1e6);
}

/** Writes several files and makes them visible only when all are complete. */
export async function writeCsvFiles(files: { path: string; columns: readonly string[]; rows: Iterable<readonly Cell[]> }[]): Promise<void> {
  const open = files.map((f) => ({ file: new CsvFile(f.path, f.columns), rows: f.rows }));
  try {
    for (const { file, rows } of open) {
      for (const row of rows) await file.write(row);
      await file.close();
    }
  } catch (error) {
    for (const { file } of open) file.discard();
    throw error;
  }
  for (const { file } of open) file.commit();
}
