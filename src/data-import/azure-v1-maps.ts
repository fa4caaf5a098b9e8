// The two small maps beside the Azure V1 traces: flavor letters to sizes, and lifetime durations to bins.

import type { Problem } from '../scenario/input-error.js';
import { splitLines } from './read-input-text.js';
import { problemAt } from './text-location.js';

export interface AzureFlavor {
  letter: string;
  vcpus: number;
  memoryGB: number;
}

/** Lifetime bins: bin k holds durations in [lowS, highS); the last bin is open-ended (highS = Infinity). */
export type LifetimeBins = Map<number, { lowS: number; highS: number }>;

/** `flav_map.txt`: one `vcpus,GB letter` per line. */
export function parseFlavorMap(file: string, text: string, problems: Problem[]): Map<string, AzureFlavor> {
  const flavors = new Map<string, AzureFlavor>();
  splitLines(text).forEach((line, i) => {
    const match = /^(\d+),(\d+(?:\.\d+)?) ([A-Za-z])$/.exec(line);
    if (!match) {
      problems.push(problemAt(file, i + 1, 1, `expected "vcpus,GB letter" (e.g. "2,3.5 g"), got "${line}"`));
      return;
    }
    const [, vcpus, memory, letter] = match;
    if (flavors.has(letter)) problems.push(problemAt(file, i + 1, line.indexOf(' ') + 2, `letter "${letter}" given twice`));
    else if (Number(vcpus) < 1 || Number(memory) <= 0) problems.push(problemAt(file, i + 1, 1, 'expected vcpus ≥ 1 and GB > 0'));
    else flavors.set(letter, { letter, vcpus: Number(vcpus), memoryGB: Number(memory) });
  });
  if (flavors.size === 0 && problems.length === 0) problems.push(problemAt(file, 1, 1, 'expected at least one flavor'));
  return flavors;
}

/**
 * `v1.interval_map.txt`: one `seconds bin` per 300 s duration step, both non-decreasing. A bin reaches from its
 * first duration up to the next bin's first duration; the last bin has no upper end ("10 days or more").
 */
export function parseIntervalMap(file: string, text: string, problems: Problem[]): LifetimeBins {
  const firsts: { bin: number; lowS: number }[] = [];
  let previous: { seconds: number; bin: number } | undefined;
  splitLines(text).forEach((line, i) => {
    const match = /^(\d+) (\d+)$/.exec(line);
    if (!match) {
      problems.push(problemAt(file, i + 1, 1, `expected "seconds bin" (two integers), got "${line}"`));
      return;
    }
    const seconds = Number(match[1]);
    const bin = Number(match[2]);
    if (previous && seconds <= previous.seconds) {
      problems.push(problemAt(file, i + 1, 1, `expected increasing seconds, got ${seconds} after ${previous.seconds}`));
      return;
    }
    if (previous && bin < previous.bin) {
      problems.push(problemAt(file, i + 1, match[1].length + 2, `expected non-decreasing bins, got ${bin} after ${previous.bin}`));
      return;
    }
    if (!previous && seconds !== 0) problems.push(problemAt(file, i + 1, 1, `expected the first line to start at 0 s, got ${seconds}`));
    if (!previous || bin !== previous.bin) firsts.push({ bin, lowS: seconds });
    previous = { seconds, bin };
  });
  if (firsts.length === 0 && problems.length === 0) problems.push(problemAt(file, 1, 1, 'expected at least one "seconds bin" line'));
  const bins: LifetimeBins = new Map();
  firsts.forEach((f, i) => bins.set(f.bin, { lowS: f.lowS, highS: i + 1 < firsts.length ? firsts[i + 1].lowS : Infinity }));
  return bins;
}
