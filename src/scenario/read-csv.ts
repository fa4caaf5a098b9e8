// Reads a small CSV input file (traces) into header + rows, with problems reported as InputError.

import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { InputError, firstFew } from './input-error.js';
import { MAX_TRACE_BYTES, readInputText } from './input-file.js';

export interface CsvInput {
  header: string[];
  rows: string[][];
  digest: string;
}

export function readCsvInput(file: string, required: string[], optional: string[] = []): CsvInput {
  const text = readInputText(file, MAX_TRACE_BYTES, 'trace file');
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  } catch (error) {
    throw new InputError([{ source: file, path: '', message: `not valid CSV: ${(error as Error).message.split('\n')[0].slice(0, 160)}` }]);
  }
  if (records.length === 0) throw new InputError([{ source: file, path: '', message: `empty file; expected a header ${required.join(',')}` }]);
  const header = records[0];
  const missing = required.filter((c) => !header.includes(c));
  const unknown = header.filter((c) => !required.includes(c) && !optional.includes(c));
  if (missing.length > 0 || unknown.length > 0) {
    const parts = [];
    if (missing.length > 0) parts.push(`missing column(s) ${missing.join(', ')}`);
    if (unknown.length > 0) parts.push(`unknown column(s) ${firstFew(unknown)}`);
    throw new InputError([{ source: file, path: 'header', message: `${parts.join('; ')}; expected ${[...required, ...optional.map((o) => `[${o}]`)].join(',')}` }]);
  }
  return { header, rows: records.slice(1), digest: createHash('sha256').update(text).digest('hex') };
}
