// Reads the LANL failure records (LA-UR-05-7318, released with Schroeder & Gibson, DSN 2006), plain or
// xz-compressed, as a stream; keeps one system's records with start time, node, down time and root cause.

import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { checkInputFile } from '../scenario/input-file.js';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { parse } from 'csv-parse';
import xz from 'xz-decompress';
import { InputError, type Problem } from '../scenario/input-error.js';
import { problemAt } from './text-location.js';

export const ROOT_CAUSES = ['Facilities', 'Hardware', 'Human Error', 'Network', 'Undetermined', 'Software'] as const;
export type RootCause = (typeof ROOT_CAUSES)[number] | 'none given';

export interface LanlRecord {
  /** Node number starting at zero (`nodenumz`); a system without node numbers has its records on node 0. */
  node: number;
  /** Problem start, minutes since 1970-01-01 00:00 of the records' own clock (LANL local time, no zone). */
  startMin: number;
  /** `Down Time`, minutes. */
  downMin: number;
  cause: RootCause;
  line: number;
}

export interface LanlSystemRecords {
  records: LanlRecord[];
  /** The `nodes` column of the system's records (blank for a system that lists none). */
  nodesColumn: string;
  /** Highest node number among all the system's records. */
  highestNode: number;
}

const REQUIRED = ['System', 'nodes', 'nodenumz', 'Prob Started', 'Down Time', ...ROOT_CAUSES];
const XZ_MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];

export async function readLanlRecords(file: string, system: number): Promise<LanlSystemRecords> {
  const problems: Problem[] = [];
  const records: LanlRecord[] = [];
  let nodesColumn = '';
  let highestNode = -1;
  let columns: Record<string, number> | undefined;
  const parser = openRecords(file).pipe(parse({ raw: true, info: true, relax_column_count: true, bom: true }));
  try {
    for await (const row of parser as AsyncIterable<{ record: string[]; raw: string; info: { lines: number } }>) {
      const { record, raw, info } = row;
      const line = info.lines;
      if (!columns) {
        columns = headerColumns(file, record, problems);
        if (!columns) break;
        continue;
      }
      if (record.length === 1 && record[0] === '') continue;
      const at = (name: string, message: string) => problems.push(problemAt(file, line, fieldColumn(raw, columns![name]), message));
      const field = (name: string) => (record[columns![name]] ?? '').trim();
      if (!/^\d+$/.test(field('System'))) {
        at('System', `System: expected a system number, got "${field('System')}"`);
        continue;
      }
      if (Number(field('System')) !== system) continue;
      const nodeText = field('nodenumz');
      if (nodeText !== '' && !/^\d+$/.test(nodeText)) at('nodenumz', `nodenumz: expected a node number ≥ 0 or nothing, got "${nodeText}"`);
      const startMin = parseLanlTime(field('Prob Started'));
      if (startMin === undefined) at('Prob Started', `Prob Started: expected m/d/yyyy h:mm, got "${field('Prob Started')}"`);
      const downText = field('Down Time');
      if (!/^\d+(\.\d+)?$/.test(downText)) at('Down Time', `Down Time: expected minutes ≥ 0, got "${downText}"`);
      if (problems.length >= 50) break;
      if (problems.length > 0 || startMin === undefined) continue;
      const node = nodeText === '' ? 0 : Number(nodeText);
      nodesColumn = field('nodes');
      highestNode = Math.max(highestNode, node);
      const cause = ROOT_CAUSES.find((c) => field(c) !== '') ?? 'none given';
      records.push({ node, startMin, downMin: Number(downText), cause, line });
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const csvError = error as { code?: string; lines?: number; message: string };
    if (csvError.code?.startsWith('CSV_')) throw new InputError([problemAt(file, csvError.lines ?? 1, 1, `not valid CSV: ${csvError.message}`)]);
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InputError([{ source: file, path: '', message: `cannot read records (${reason})` }]);
  }
  if (!columns && problems.length === 0) problems.push(problemAt(file, 1, 1, `expected a header with ${REQUIRED.join(', ')}`));
  if (problems.length > 0) throw new InputError(problems);
  return { records, nodesColumn, highestNode };
}

/** The file as a byte stream, decompressed when it starts with the xz magic bytes (a library, xz-decompress, does it). */
function openRecords(file: string): Readable {
  let head = Buffer.alloc(0);
  // Streamed, so no size cap; a FIFO or device would never end.
  checkInputFile(file, Number.MAX_SAFE_INTEGER);
  try {
    const fd = openSync(file, 'r');
    head = Buffer.alloc(6);
    head = head.subarray(0, readSync(fd, head, 0, 6, 0));
    closeSync(fd);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InputError([{ source: file, path: '', message: `cannot read file (${reason})` }]);
  }
  const bytes = createReadStream(file);
  if (!XZ_MAGIC.every((b, i) => head[i] === b)) return bytes;
  const web = Readable.toWeb(bytes) as unknown as ReadableStream<Uint8Array>;
  return Readable.fromWeb(new xz.XzReadableStream(web) as unknown as WebReadableStream<Uint8Array>);
}

function headerColumns(file: string, header: string[], problems: Problem[]): Record<string, number> | undefined {
  const names = header.map((h) => h.trim());
  const missing = REQUIRED.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    problems.push(problemAt(file, 1, 1, `header: missing column(s) ${missing.join(', ')}; expected the LANL layout (System,...,nodenumz,...,Prob Started,Prob Fixed,Down Time,Facilities,...)`));
    return undefined;
  }
  return Object.fromEntries(REQUIRED.map((c) => [c, names.indexOf(c)]));
}

/** `m/d/yyyy h:mm` as minutes since 1970 on the same (zone-less) clock. */
export function parseLanlTime(text: string): number | undefined {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [month, day, year, hour, minute] = match.slice(1).map(Number);
  const ms = Date.UTC(year, month - 1, day, hour, minute);
  const date = new Date(ms);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59) return undefined;
  return ms / 60_000;
}

/** 1-based character column where field `index` starts in a raw CSV record (quotes respected). */
function fieldColumn(raw: string, index: number): number {
  let field = 0;
  let quoted = false;
  for (let c = 0; c < raw.length; c++) {
    if (field === index) return c + 1;
    const ch = raw[c];
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) field++;
  }
  return raw.length + 1;
}
