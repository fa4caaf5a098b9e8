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

/**
 * Data rows (after the header) of a CSV text; `project` maps a full record to what is kept. Files without any
 * quote character (what capsim writes for plain names and numbers) take a fast line split; others go through
 * csv-parse. Rows whose field count differs from the header's are reported with their line number.
 */
function dataRows(file: string, text: string, fields: number, project: (record: string[]) => string[]): string[][] {
  const rows: string[][] = [];
  const ragged = (line: number, count: number) => new InputError(`${file}: line ${line} has ${count} fields, the header has ${fields}`);
  if (!text.includes('"')) {
    const lines = text.split('\n');
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
      if (line === '') continue;
      const record = line.split(',');
      if (record.length !== fields) throw ragged(i + 1, record.length);
      rows.push(project(record));
    }
    return rows;
  }
  const records = parseCsv(file, text);
  for (let i = 1; i < records.length; i++) {
    // Blank lines are skipped, so this line number is exact only for files without them (what capsim writes).
    if (records[i].length !== fields) throw ragged(i + 1, records[i].length);
    rows.push(project(records[i]));
  }
  return rows;
}

/**
 * Reads and checks a whole CSV file: header against the contract first, then every row's length. With `keep`, only
 * those columns are held in memory (a VM log can have millions of rows).
 */
export function readCsv(path: string, contract: CsvContract, sweepParameters: readonly string[], keep?: readonly string[]): CsvTable {
  const header = readCsvHeader(path, contract.file);
  const problems = headerProblems(header, contract, sweepParameters);
  if (problems.length > 0) throw new InputError(problems.join('\n'));
  const kept = keep === undefined ? header.map((_, i) => i) : keep.map((name) => header.indexOf(name));
  const project = keep === undefined ? (record: string[]) => record : (record: string[]) => kept.map((i) => record[i]);
  const rows = dataRows(contract.file, readFileSync(path, 'utf8'), header.length, project);
  return new CsvTable(contract.file, kept.map((i) => header[i]), rows);
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
