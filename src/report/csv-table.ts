// A parsed CSV file whose header has been checked against its contract, with typed cell access that names the file,
// line and column of any bad value.

import { InputError } from './input-error.js';

export class CsvTable {
  readonly file: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  private readonly index: Map<string, number>;

  constructor(file: string, header: readonly string[], rows: readonly (readonly string[])[]) {
    this.file = file;
    this.header = header;
    this.rows = rows;
    this.index = new Map(header.map((name, i) => [name, i]));
  }

  get length(): number {
    return this.rows.length;
  }

  has(column: string): boolean {
    return this.index.has(column);
  }

  /** Position of a column; throws if the contract check let a missing column through (a bug, not bad input). */
  column(name: string): number {
    const i = this.index.get(name);
    if (i === undefined) throw new Error(`${this.file}: no column ${name}`);
    return i;
  }

  str(row: number, column: number): string {
    return this.rows[row][column];
  }

  /** A number, or null for an empty cell or NaN (e.g. a percentile of no recoveries). */
  numOrNull(row: number, column: number): number | null {
    const text = this.rows[row][column].trim();
    if (text === '' || text === 'NaN') return null;
    const value = Number(text);
    if (Number.isNaN(value)) {
      // Header is line 1, so data row r is on line r + 2.
      throw new InputError(
        `${this.file}: line ${row + 2}, column ${this.header[column]}: expected a number, got "${text}"`,
      );
    }
    return value;
  }

  num(row: number, column: number): number {
    const value = this.numOrNull(row, column);
    if (value === null) {
      throw new InputError(`${this.file}: line ${row + 2}, column ${this.header[column]}: expected a number, got ""`);
    }
    return value;
  }
}
