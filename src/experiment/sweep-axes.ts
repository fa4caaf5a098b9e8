// The axes of a parameter sweep: `--vary path=v1,v2` / `path=start:stop:step` and the scenario's `sweep.vary`,
// and their cartesian product (first axis slowest, like nested loops written in that order).

import { EXCERPT_CHARS, InputError, excerpt, type Problem } from '../scenario/input-error.js';
import { parseYamlValue, splitPath } from '../scenario/set-path.js';
import { pathProblems } from '../scenario/safe-tree.js';
import type { SweepSection } from '../scenario/sweep-schema.js';

export interface SweepAxis {
  /** Field path as in --set, e.g. workload.arrivals.poisson.ratePerHour; also the CSV column name. */
  path: string;
  values: unknown[];
  /** --zip: the path of the axis this one moves with (its i-th value goes with that axis's i-th value) */
  zipWith?: string;
}

/** A range expands to at most this many values (a typo like 0:1e9:1 should be an error, not an out-of-memory). */
export const MAX_RANGE_VALUES = 100_000;

const NUMBER = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
const RANGE = new RegExp(`^\\s*(${NUMBER})\\s*:\\s*(${NUMBER})\\s*:\\s*(${NUMBER})\\s*$`);

/** True when `text` has the shape start:stop:step (three numbers). */
export function isRange(text: string): boolean {
  return RANGE.test(text);
}

/** Inclusive range start, start+step, … up to stop (with a tolerance for float steps), rounded to 12 digits. */
export function expandRange(text: string): number[] {
  const match = RANGE.exec(text);
  if (!match) throw new Error(`expected "start:stop:step", got "${text}"`);
  const [start, stop, step] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (step === 0) throw new Error(`range "${text.trim()}": step must not be 0`);
  if ((stop - start) * step < 0) throw new Error(`range "${text.trim()}": step ${step} never reaches ${stop} from ${start}`);
  const count = Math.floor((stop - start) / step + 1e-9) + 1;
  if (count > MAX_RANGE_VALUES) throw new Error(`range "${text.trim()}" has ${count} values; at most ${MAX_RANGE_VALUES}`);
  return Array.from({ length: count }, (_, i) => Number((start + i * step).toPrecision(12)));
}

/** Splits on commas that are not inside brackets, braces or quotes, so a value may be a YAML list or object. */
export function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let current = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[' || ch === '{') depth++;
    else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts;
}

/** Parses one `--vary path=values`; values are a comma list read as YAML, or a numeric range start:stop:step. */
export function parseVary(text: string, source = '--vary'): SweepAxis {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new InputError([{ source, path: '', message: `expected path=v1,v2,... or path=start:stop:step, got ${excerpt(text)}` }]);
  const path = text.slice(0, eq).trim();
  const body = text.slice(eq + 1);
  if (isRange(body)) {
    try {
      return { path, values: expandRange(body) };
    } catch (error) {
      throw new InputError([{ source, path, message: (error as Error).message }]);
    }
  }
  const problems: Problem[] = [];
  const values: unknown[] = [];
  for (const part of splitTopLevel(body)) {
    if (part.trim() === '') {
      problems.push({ source, path, message: `empty value in ${excerpt(body)}` });
      continue;
    }
    try {
      values.push(parseYamlValue(part));
    } catch (error) {
      problems.push({ source, path, message: `value ${excerpt(part.trim())} is not valid YAML: ${(error as Error).message.split('\n')[0].slice(0, 160)}` });
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return { path, values };
}

/**
 * The axes of a sweep: the scenario file's `sweep.vary` in file order, then every --vary; a --vary of a path the
 * file already varies replaces the file's values in place. Throws with every problem.
 */
export function sweepAxes(section: SweepSection | undefined, file: string, varyTexts: readonly string[]): SweepAxis[] {
  const problems: Problem[] = [];
  const axes = collectSweepAxes(section, file, varyTexts, problems);
  if (problems.length > 0) throw new InputError(problems);
  return axes;
}

/** Like sweepAxes, but adds problems to `problems` and returns the axes that are sound (so points can still be checked). */
export function collectSweepAxes(section: SweepSection | undefined, file: string, varyTexts: readonly string[],
  problems: Problem[], zipTexts: readonly string[] = []): SweepAxis[] {
  const bad = new Set<string>();
  const axes: SweepAxis[] = [];
  for (const [path, values] of Object.entries(section?.vary ?? {})) {
    if (Array.isArray(values)) axes.push({ path, values });
    else {
      try {
        axes.push({ path, values: expandRange(values) });
      } catch (error) {
        problems.push({ source: file, path: `sweep.vary.${path}`, message: (error as Error).message });
        bad.add(path);
      }
    }
  }
  const fromCli = new Set<string>();
  for (const text of varyTexts) {
    let axis: SweepAxis;
    try {
      axis = parseVary(text);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
      for (const p of error.problems) bad.add(p.path);
      continue;
    }
    if (fromCli.has(axis.path)) {
      problems.push({ source: '--vary', path: axis.path, message: 'varied twice; give all its values in one --vary' });
      continue;
    }
    fromCli.add(axis.path);
    const existing = axes.findIndex((a) => a.path === axis.path);
    if (existing >= 0) axes[existing] = axis;
    else axes.push(axis);
  }
  // --zip links to the last --vary (or, without one, the last axis of the file): linked parameters move together.
  const lead = [...axes].reverse().find((a) => fromCli.has(a.path)) ?? axes[axes.length - 1];
  for (const text of zipTexts) {
    let axis: SweepAxis;
    try {
      axis = parseVary(text, '--zip');
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
      continue;
    }
    if (lead === undefined) {
      problems.push({ source: '--zip', path: axis.path, message: 'nothing to zip with: give a --vary first' });
    } else if (axis.values.length !== lead.values.length) {
      problems.push({ source: '--zip', path: axis.path, message: `expected ${lead.values.length} values, one per value of ${lead.path}, got ${axis.values.length}` });
    } else if (axes.some((a) => a.path === axis.path)) {
      problems.push({ source: '--zip', path: axis.path, message: 'already varied' });
    } else {
      axes.push({ ...axis, zipWith: lead.zipWith ?? lead.path });
      fromCli.add(axis.path);
    }
  }
  for (const axis of axes) {
    const parts = splitPath(axis.path);
    const source = fromCli.has(axis.path) ? '--vary' : file;
    const problem = (message: string) => {
      problems.push({ source, path: axis.path, message });
      bad.add(axis.path);
    };
    for (const p of pathProblems(parts, source, axis.path)) problem(p.message);
    if (parts.length === 0) problem('empty path');
    else if (parts[0] === 'name' || parts[0] === 'sweep') {
      problem(`"${parts[0]}" cannot be varied (it names the results folder / defines the sweep)`);
    }
    const seen = new Set<string>();
    for (const value of axis.values) {
      const key = JSON.stringify(value);
      if (seen.has(key)) problem(`value ${clipText(cellText(value) ?? '')} is listed twice`);
      seen.add(key);
    }
  }
  for (const a of axes) {
    for (const b of axes) {
      if (a !== b && (covers(a.path, b.path, true) || (covers(a.path, b.path, false) && axes.indexOf(a) < axes.indexOf(b)))) {
        problems.push({ source: '--vary', path: b.path, message: `overlaps the varied path ${a.path}; vary one or the other` });
        bad.add(b.path);
      }
    }
  }
  return axes.filter((a) => !bad.has(a.path));
}

/** Whether path a reaches b (strictly inside it when `inside`, else the same field); * matches any element. */
function covers(a: string, b: string, inside: boolean): boolean {
  const pa = splitPath(a), pb = splitPath(b);
  if (inside ? pa.length >= pb.length : pa.length !== pb.length) return false;
  return pa.every((part, i) => part === pb[i] || part === '*' || pb[i] === '*');
}

/**
 * Every combination of axis values, first axis slowest; zipped axes move with their lead axis (one value each per
 * point, in step). No axes → one point with no values. Each point lists a value for every axis, in axis order.
 */
export function cartesian(axes: readonly SweepAxis[]): unknown[][] {
  const leads = axes.filter((a) => a.zipWith === undefined);
  let steps: number[][] = [[]];
  for (const lead of leads) steps = steps.flatMap((p) => lead.values.map((_, i) => [...p, i]));
  return steps.map((step) => axes.map((axis) => {
    const lead = leads.findIndex((l) => l.path === (axis.zipWith ?? axis.path));
    return axis.values[step[lead]];
  }));
}

/** A parameter value as a CSV cell: scalars as themselves, lists and objects as JSON. */
export function cellValue(value: unknown): string | number | boolean {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

function clipText(text: string): string {
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
}

/** A value as it appears in messages. */
export function cellText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function pointLabel(axes: readonly SweepAxis[], values: readonly unknown[]): string {
  return axes.length === 0 ? 'the scenario' : axes.map((a, i) => `${a.path}=${cellText(values[i])}`).join(', ');
}
