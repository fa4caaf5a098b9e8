// Rows of one run written to a temporary file beside the CSV they belong to, as the run goes: the simulation never
// yields to the event loop, so rows go through csv-stringify in batches and are appended with writeSync (an
// asynchronous stream would only buffer them). The file has no header; the results writer appends it to the CSV.

import { closeSync, writeSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { formatNumber } from './csv-file.js';
import { createTempFile } from './temp-file.js';

const BATCH_ROWS = 2048;

export class CsvPartFile {
  /** The temporary file (named after `finalPath`, so a killed run's leftover is found and removed). */
  readonly path: string;
  private readonly fd: number;
  private batch: (string | number)[][] = [];

  constructor(finalPath: string, private readonly columns: readonly string[]) {
    const temp = createTempFile(finalPath);
    this.path = temp.path;
    this.fd = temp.fd;
  }

  write(row: (string | number)[]): void {
    this.batch.push(row);
    if (this.batch.length >= BATCH_ROWS) this.flush();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.batch.length === 0) return;
    writeSync(this.fd, stringify(this.batch, { columns: [...this.columns], cast: { number: formatNumber } }));
    this.batch = [];
  }
}
