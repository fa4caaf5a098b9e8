// The streamed CSV reader cuts the file into pieces at record ends: the rows must be those csv-parse reads from the
// whole text (same trimming and blank-line skipping), whatever falls on a piece boundary.

import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { readCsvInput } from '../../src/scenario/read-csv.js';
import { tempDir } from '../support/temp-dir.js';

const PIECE_BYTES = 1 << 20;

/** Rows of three fields; every 7th has a quoted field with a comma, an escaped quote and a line break. */
function csvText(rows: number, eol: string): string {
  const lines = ['time_s,flavor,lifetime_s'];
  for (let i = 0; i < rows; i++) {
    const name = i % 7 === 3 ? `"big, ""${i}""${eol}second line"` : `flavor-${i % 13}`;
    lines.push(`${i} ,${name}, ${(i * 1.25).toFixed(2)}`);
    if (i % 1000 === 500) lines.push('   ');
  }
  return lines.join(eol) + eol;
}

describe('readCsvInput', () => {
  for (const eol of ['\n', '\r\n']) {
    it(`reads the rows csv-parse reads, across piece boundaries (${JSON.stringify(eol)} line ends)`, () => {
      const text = csvText(90_000, eol);
      expect(text.length).toBeGreaterThan(2 * PIECE_BYTES);
      const file = join(tempDir('read-csv'), 'trace.csv');
      writeFileSync(file, text);
      const expected = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
      const csv = readCsvInput(file, ['time_s', 'flavor', 'lifetime_s']);
      expect(csv.header).toEqual(expected[0]);
      expect(csv.rows.length).toBe(expected.length - 1);
      expect(csv.rows).toEqual(expected.slice(1));
      expect(csv.digest).toBe(createHash('sha256').update(text).digest('hex'));
    });
  }

  it('does not cut inside a quoted field whose line break is the last one in a piece', () => {
    let text = 'time_s,flavor,lifetime_s\n';
    for (let i = 0; text.length < PIECE_BYTES - 100; i++) text += `${i},small,60\n`;
    // The first piece ends after the quoted field's line break and before its closing quote.
    const open = `7,"two\nlines `;
    text += `${open}${'x'.repeat(PIECE_BYTES + 10 - text.length - open.length)}",60\n8,small,60\n`;
    const file = join(tempDir('read-csv'), 'quoted.csv');
    writeFileSync(file, text);
    const expected = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
    expect(expected.length).toBeGreaterThan(2);
    expect(readCsvInput(file, ['time_s', 'flavor', 'lifetime_s']).rows).toEqual(expected.slice(1));
  });

  it('keeps a multi-byte character split between two pieces', () => {
    const filler = 'x'.repeat(PIECE_BYTES - 'name\n'.length - 1);
    const text = `name\n${filler}é\nü\n`;
    const file = join(tempDir('read-csv'), 'utf8.csv');
    writeFileSync(file, text);
    const csv = readCsvInput(file, ['name']);
    expect(csv.rows).toEqual([[`${filler}é`], ['ü']]);
    expect(csv.digest).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('reads a record longer than a piece (a quoted field of 2.5 MiB with line breaks)', () => {
    const long = 'ab\ncd,'.repeat(Math.ceil((2.5 * PIECE_BYTES) / 6));
    const text = `time_s,flavor,lifetime_s\n1,small,60\n2,"${long}",60\n3,small,60\n`;
    const file = join(tempDir('read-csv'), 'long.csv');
    writeFileSync(file, text);
    const csv = readCsvInput(file, ['time_s', 'flavor', 'lifetime_s']);
    expect(csv.rows).toEqual([['1', 'small', '60'], ['2', long.trim(), '60'], ['3', 'small', '60']]);
    expect(csv.digest).toBe(createHash('sha256').update(text).digest('hex'));
  });

  it('digests a file that is not valid UTF-8 as its decoded text (replacement characters)', () => {
    const bytes = Buffer.concat([Buffer.from('name\nab'), Buffer.from([0xff, 0xc3]), Buffer.from('\nok\n')]);
    const file = join(tempDir('read-csv'), 'latin.csv');
    writeFileSync(file, bytes);
    const csv = readCsvInput(file, ['name']);
    expect(csv.rows).toEqual([['ab\ufffd\ufffd'], ['ok']]);
    expect(csv.digest).toBe(createHash('sha256').update(bytes.toString('utf8')).digest('hex'));
  });
});
