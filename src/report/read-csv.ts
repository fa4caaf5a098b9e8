// Reads one results CSV and checks its header against the output contract.

import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { CsvContract } from './contract.js';
import { CsvTable } from './csv-table.js';
import { InputError } from './input-error.js';

/** Problems with a header, as sentences; empty when the header meets the contract. */
export function headerProblems(header: readonly string[], contract: CsvContract, sweepParameters: readonly string[]): string[] {
  const problems: string[] = [];
  const expected = [...sweepParameters, ...contract.columns];
  const seen = new Set<string>();
  const duplicates = header.filter((name) => (seen.has(name) ? true : (seen.add(name), false)));
  if (duplicates.length > 0) problems.push(`${contract.file}: duplicate column(s) ${duplicates.join(', ')}`);
  const missing = expected.filter((name) => !seen.has(name));
  if (missing.length > 0) problems.push(`${contract.file}: missing column(s) ${missing.join(', ')}`);
  if (contract.rule === 'exact') {
    const known = new Set(expected);
    const unknown = header.filter((name) => !known.has(name));
    if (unknown.length > 0) {
      const hint = sweepParameters.length === 0 ? ' (a sweep lists its varied parameters in manifest.json sweep.parameters)' : '';
      problems.push(`${contract.file}: unknown column(s) ${unknown.join(', ')}; expected ${expected.join(',')}${hint}`);
    }
  }
  return problems;
}

function parseCsv(file: string, text: string): string[][] {
  try {
    return parse(text, { skip_empty_lines: true, bom: true, relax_column_count: true }) as string[][];
  } catch (error) {
    throw new InputError(`${file}: not a valid CSV file: ${(error as Error).message}`);
  }
}

/** Reads and checks a whole CSV file: header against the contract first, then every row's length. */
export function readCsv(path: string, contract: CsvContract, sweepParameters: readonly string[]): CsvTable {
  const records = parseCsv(contract.file, readFileSync(path, 'utf8'));
  if (records.length === 0) throw new InputError(`${contract.file}: the file is empty (no header line)`);
  const [header, ...rows] = records;
  const problems = headerProblems(header, contract, sweepParameters);
  if (problems.length > 0) throw new InputError(problems.join('\n'));
  const ragged = rows.findIndex((row) => row.length !== header.length);
  if (ragged >= 0) {
    // Blank lines are skipped, so the line number is exact only for files without them (what capsim writes).
    throw new InputError(`${contract.file}: line ${ragged + 2} has ${rows[ragged].length} fields, the header has ${header.length}`);
  }
  return new CsvTable(contract.file, header, rows);
}

/** Only the header line, for large files the report checks but does not plot. */
export function readCsvHeader(path: string, file: string): string[] {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    const buffer = Buffer.alloc(65536);
    for (;;) {
      const bytes = readSync(fd, buffer, 0, buffer.length, null);
      if (bytes === 0) break;
      const chunk = buffer.subarray(0, bytes);
      const newline = chunk.indexOf(0x0a);
      if (newline >= 0) {
        chunks.push(Buffer.from(chunk.subarray(0, newline)));
        break;
      }
      chunks.push(Buffer.from(chunk));
    }
    const records = parseCsv(file, Buffer.concat(chunks).toString('utf8'));
    if (records.length === 0) throw new InputError(`${file}: the file is empty (no header line)`);
    return records[0];
  } finally {
    closeSync(fd);
  }
}
