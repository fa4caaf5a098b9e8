// Reads a CSV input file (traces) with problems reported as InputError: streamed in 1 MiB pieces, each cut at the
// last record end and parsed by d3-dsv, so memory does not grow with the file (only the rows a caller keeps).

import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { isAscii, isUtf8 } from 'node:buffer';
import { csvParseRows } from 'd3-dsv';
import { InputError, firstFew } from './input-error.js';
import { MAX_TRACE_BYTES, checkInputFile } from './input-file.js';

const PIECE_BYTES = 1 << 20;
const QUOTE = 0x22;
const NEWLINE = 0x0a;

export interface CsvInput {
  header: string[];
  rows: string[][];
  digest: string;
}

/** The header and the sha256 of the text (the same digest as of the whole file read as UTF-8). */
export interface CsvStream {
  header: string[];
  digest: string;
}

/** Reads the whole file into rows (small inputs: failure traces). */
export function readCsvInput(file: string, required: string[], optional: string[] = []): CsvInput {
  const rows: string[][] = [];
  const { header, digest } = streamCsvInput(file, required, optional, (row) => { rows.push(row); });
  return { header, rows, digest };
}

/**
 * Calls `onRow` with every data row (0-based index, header excluded) as the file is read, after checking the header
 * for `required` and `optional` columns. Fields are trimmed; empty and blank lines are skipped. Throws InputError for
 * an unreadable, oversized or binary file and for a bad header.
 */
export function streamCsvInput(file: string, required: string[], optional: string[],
  onRow: (row: string[], index: number, header: readonly string[]) => void): CsvStream {
  const fail = (message: string, path = ''): never => { throw new InputError([{ source: file, path, message }]); };
  checkInputFile(file, MAX_TRACE_BYTES, 'trace file');
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return fail(`cannot read trace file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const hash = createHash('sha256');
  let header: string[] | undefined;
  let index = 0;
  const take = (fields: string[]): undefined => {
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      if (f.charCodeAt(0) <= 32 || f.charCodeAt(f.length - 1) <= 32) fields[i] = f.trim();
    }
    if (fields.length === 1 && fields[0] === '') return undefined;
    if (header === undefined) checkHeader(header = fields, required, optional, fail);
    else onRow(fields, index++, header);
    return undefined;
  };
  // Whole records as bytes: a line break or quote byte is never part of a multi-byte UTF-8 character, so a cut at a
  // record end is also a character boundary. ASCII (most traces) decodes as Latin-1, which is the same text and
  // cheaper; the digest is over the bytes when they are valid UTF-8 (the same bytes as the decoded text's).
  const parse = (bytes: Buffer): void => {
    const ascii = isAscii(bytes);
    const text = bytes.toString(ascii ? 'latin1' : 'utf8');
    hash.update(ascii || isUtf8(bytes) ? bytes : text);
    csvParseRows(text, take);
  };
  const cut = new RecordCut();
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) fail('expected a regular trace file, got a special file');
    let buffer = Buffer.allocUnsafe(PIECE_BYTES);
    // buffer[0, held) is the start of a record not yet complete.
    let held = 0;
    let total = 0;
    for (;;) {
      if (held === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)]);
      // Files under /proc report size 0 and still have content: read up to the cap whatever the size says.
      const n = readSync(fd, buffer, held, buffer.length - held, null);
      if (n === 0) break;
      total += n;
      if (total > MAX_TRACE_BYTES) fail(`trace file is over ${MAX_TRACE_BYTES} bytes; at most ${MAX_TRACE_BYTES} are read`);
      if (buffer.subarray(held, held + n).includes(0)) fail('expected a text trace file, found NUL bytes (a binary file?)');
      const filled = held + n;
      const end = cut.lastRecordEnd(buffer.subarray(0, filled));
      if (end >= 0) {
        parse(buffer.subarray(0, end + 1));
        held = buffer.copy(buffer, 0, end + 1, filled);
      } else held = filled;
    }
    if (held > 0) parse(buffer.subarray(0, held));
  } catch (error) {
    if (error instanceof InputError) throw error;
    return fail(`cannot read trace file (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  } finally {
    closeSync(fd);
  }
  if (header === undefined) return fail(`empty file; expected a header ${required.join(',')}`);
  return { header, digest: hash.digest('hex') };
}

function checkHeader(header: string[], required: string[], optional: string[], fail: (m: string, p: string) => never): void {
  const missing = required.filter((c) => !header.includes(c));
  const unknown = header.filter((c) => !required.includes(c) && !optional.includes(c));
  if (missing.length === 0 && unknown.length === 0) return;
  const parts = [];
  if (missing.length > 0) parts.push(`missing column(s) ${missing.join(', ')}`);
  if (unknown.length > 0) parts.push(`unknown column(s) ${firstFew(unknown)}`);
  fail(`${parts.join('; ')}; expected ${[...required, ...optional.map((o) => `[${o}]`)].join(',')}`, 'header');
}

/**
 * Finds where the bytes read so far can be cut so that the parser sees whole records: the last line break outside a
 * quoted field. Quote characters come in pairs inside a quoted field (RFC 4180 escapes `"` as `""`), so a line break
 * is outside every quoted field when an even number of quotes precede it. Remembers how far it has looked, so a long
 * quoted field is scanned once, not once per piece.
 */
class RecordCut {
  private scanned = 0;
  private inside = false;

  /** The index in `bytes` (what was held back, then a new piece) of the last record end, or -1. */
  lastRecordEnd(bytes: Buffer): number {
    const length = bytes.length;
    let end = -1;
    let from = this.scanned;
    for (;;) {
      const quote = bytes.indexOf(QUOTE, from);
      const stop = quote < 0 ? length : quote;
      if (!this.inside && stop > from) {
        const newline = bytes.lastIndexOf(NEWLINE, stop - 1);
        if (newline >= from) end = newline;
      }
      if (quote < 0) break;
      this.inside = !this.inside;
      from = quote + 1;
    }
    this.scanned = end >= 0 ? length - end - 1 : length;
    return end;
  }
}
