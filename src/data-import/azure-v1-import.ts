// Reads the binned Azure Public Dataset V1 traces (flavor letters and lifetime bins per 300 s arrival bin, as
// processed for Bergsma et al., SOSP 2021, github.com/huaweicloud/trace_generation_rnn, folder resources/) and turns
// every VM into one request with an arrival time and a lifetime, chosen inside their bins by a seeded rule.

import { basename } from 'node:path';
import { createStream, uniform, type Rng } from '../engine/random-streams.js';
import { InputError, type Problem } from '../scenario/input-error.js';
import { parseFlavorMap, parseIntervalMap, type AzureFlavor, type LifetimeBins } from './azure-v1-maps.js';
import { readInputText, splitLines } from './read-input-text.js';
import { problemAt } from './text-location.js';

/** Width of an arrival bin: each trace line holds the VMs that arrived in the 300 s before its time. */
export const ARRIVAL_BIN_S = 300;
/**
 * Mean of the exponential residual life given to a VM still running at the censoring time (10 days, the lower edge
 * of the open-ended last lifetime bin). A scenario that ends at or before the censoring time never sees it.
 */
export const CENSORED_RESIDUAL_MEAN_S = 864_000;

export interface AzureV1Inputs {
  flavorTrace: string;
  durationTrace: string;
  flavorMap: string;
  intervalMap: string;
  /** Censoring time in the traces' clock; default: the number in the duration trace's name (`....c2100000.txt`). */
  censoredAtS?: number;
  seed: number;
}

export interface AzureV1Request {
  /** Milliseconds from the start of the first arrival bin (integers, so the output is exact). */
  timeMs: number;
  flavor: AzureFlavor;
  lifetimeMs: number;
  censored: boolean;
}

export interface AzureV1Import {
  /** In arrival order; VMs with the same time keep their order in the trace. */
  requests: AzureV1Request[];
  /** Every flavor of the map, in the map's order. */
  flavors: AzureFlavor[];
  batches: number;
  lines: number;
  /** The traces' clock at time 0 of the output, and the censoring time in the output's clock. */
  originS: number;
  censoredAtS: number;
}

export function importAzureV1(inputs: AzureV1Inputs): AzureV1Import {
  const problems: Problem[] = [];
  const flavorMap = parseFlavorMap(inputs.flavorMap, readInputText(inputs.flavorMap), problems);
  const bins = parseIntervalMap(inputs.intervalMap, readInputText(inputs.intervalMap), problems);
  const flavorLines = splitLines(readInputText(inputs.flavorTrace));
  const durationLines = splitLines(readInputText(inputs.durationTrace));
  const censoredAtS = inputs.censoredAtS ?? censoringFromName(inputs.durationTrace);
  if (censoredAtS === undefined) {
    problems.push({ source: inputs.durationTrace, path: '', message: 'expected the censoring time in the name (…c<seconds>.txt) or --censored-at' });
  }
  if (problems.length > 0) throw new InputError(problems);
  const result = placeRequests(inputs, flavorLines, durationLines, flavorMap, bins, censoredAtS as number, problems);
  if (problems.length > 0) throw new InputError(problems.slice(0, 50));
  return result;
}

function censoringFromName(file: string): number | undefined {
  const match = /\.c(\d+)\.txt$/.exec(basename(file));
  return match ? Number(match[1]) : undefined;
}

interface Token {
  text: string;
  column: number;
}

/** A trace line `T tok,tok,...`: its time and its tokens with their 1-based columns. */
function parseLine(file: string, line: string, lineNumber: number, problems: Problem[]): { timeS: number; tokens: Token[] } | undefined {
  const match = /^(\d+)(?: (.*))?$/.exec(line);
  if (!match) {
    problems.push(problemAt(file, lineNumber, 1, `expected "<seconds> <token>,<token>,...", got "${line.slice(0, 40)}"`));
    return undefined;
  }
  const tokens: Token[] = [];
  if (match[2] !== undefined && match[2] !== '') {
    let column = match[1].length + 2;
    for (const text of match[2].split(',')) {
      tokens.push({ text, column });
      column += text.length + 1;
    }
  }
  return { timeS: Number(match[1]), tokens };
}

function placeRequests(
  inputs: AzureV1Inputs, flavorLines: string[], durationLines: string[], flavorMap: Map<string, AzureFlavor>,
  bins: LifetimeBins, censoredAtS: number, problems: Problem[],
): AzureV1Import {
  const { flavorTrace: ff, durationTrace: df } = inputs;
  if (flavorLines.length !== durationLines.length) {
    const shorter = flavorLines.length < durationLines.length ? ff : df;
    const lines = Math.min(flavorLines.length, durationLines.length);
    problems.push(problemAt(shorter, lines + 1, 1, `expected as many lines as the other trace (${flavorLines.length} vs ${durationLines.length})`));
  }
  const rng = createStream(inputs.seed, 0, 'import-azure-v1');
  const requests: AzureV1Request[] = [];
  let batches = 0;
  let previousS: number | undefined;
  let originS = 0;
  const censorMs = censoredAtS * 1000;
  const lines = Math.min(flavorLines.length, durationLines.length);
  for (let i = 0; i < lines && problems.length < 50; i++) {
    const flavors = parseLine(ff, flavorLines[i], i + 1, problems);
    const durations = parseLine(df, durationLines[i], i + 1, problems);
    if (!flavors || !durations) continue;
    if (durations.timeS !== flavors.timeS) {
      problems.push(problemAt(df, i + 1, 1, `expected the flavor trace's time ${flavors.timeS}, got ${durations.timeS}`));
      continue;
    }
    if (previousS === undefined) originS = flavors.timeS - ARRIVAL_BIN_S;
    else if (flavors.timeS <= previousS) {
      problems.push(problemAt(ff, i + 1, 1, `expected times to increase, got ${flavors.timeS} after ${previousS}`));
      continue;
    }
    if (flavors.timeS > censoredAtS) {
      problems.push(problemAt(ff, i + 1, 1, `expected times up to the censoring time ${censoredAtS}, got ${flavors.timeS}`));
      continue;
    }
    const binStartS = previousS ?? flavors.timeS - ARRIVAL_BIN_S;
    previousS = flavors.timeS;
    if (flavors.tokens.length !== durations.tokens.length) {
      problems.push(problemAt(df, i + 1, 1, `expected ${flavors.tokens.length} tokens as in the flavor trace, got ${durations.tokens.length}`));
      continue;
    }
    const line: LineContext = { i, binStartS, endS: flavors.timeS, censorMs, originS, bins, flavorMap, ff, df, problems };
    batches += placeLine(line, flavors.tokens, durations.tokens, rng, requests);
  }
  requests.sort((a, b) => a.timeMs - b.timeMs);
  return { requests, flavors: [...flavorMap.values()], batches, lines, originS, censoredAtS: censoredAtS - originS };
}

interface LineContext {
  i: number;
  binStartS: number;
  endS: number;
  censorMs: number;
  originS: number;
  bins: LifetimeBins;
  flavorMap: Map<string, AzureFlavor>;
  ff: string;
  df: string;
  problems: Problem[];
}

/**
 * One line's VMs. Draw order (fixed, so a seed gives the same bytes): per batch one uniform for the batch's
 * arrival time, shared by its VMs (one tenant's requests arrive together); then per VM one uniform for its lifetime.
 * Returns the number of non-empty batches.
 */
function placeLine(line: LineContext, flavorTokens: Token[], durationTokens: Token[], rng: Rng, out: AzureV1Request[]): number {
  const { i, binStartS, endS, censorMs, originS, bins, flavorMap, ff, df, problems } = line;
  let batches = 0;
  let arrivalMs = -1;
  for (let t = 0; t < flavorTokens.length; t++) {
    const f = flavorTokens[t];
    const d = durationTokens[t];
    if (f.text === '|' || d.text === '|') {
      if (f.text !== d.text) problems.push(problemAt(df, i + 1, d.column, `expected "${f.text === '|' ? '|' : 'U<bin> or C<bin>'}" to match the flavor trace, got "${d.text}"`));
      arrivalMs = -1;
      continue;
    }
    const flavor = flavorMap.get(f.text);
    if (!flavor) {
      problems.push(problemAt(ff, i + 1, f.column, `expected a flavor letter of the flavor map or "|", got "${f.text}"`));
      continue;
    }
    const match = /^([UC])(\d+)$/.exec(d.text);
    const bin = match ? bins.get(Number(match[2])) : undefined;
    if (!match || !bin) {
      problems.push(problemAt(df, i + 1, d.column, `expected U<bin> or C<bin> with a bin of the interval map, got "${d.text}"`));
      continue;
    }
    if (arrivalMs < 0) {
      batches++;
      arrivalMs = (binStartS - originS) * 1000 + Math.floor(uniform(rng) * (endS - binStartS) * 1000);
    }
    const v = uniform(rng);
    const absoluteMs = arrivalMs + originS * 1000;
    const censored = match[1] === 'C';
    let lifetimeMs: number;
    if (censored) {
      // Bin = how long it had run at the censoring time, counted from the line's time.
      const ranS = censorMs / 1000 - endS;
      if (ranS < bin.lowS || ranS >= bin.highS) {
        problems.push(problemAt(df, i + 1, d.column, `expected the bin of ${ranS} s (run time at the censoring time), got "${d.text}"`));
        continue;
      }
      lifetimeMs = censorMs - absoluteMs + Math.floor(-CENSORED_RESIDUAL_MEAN_S * 1000 * Math.log(1 - v)) + 1;
    } else {
      // A VM that departed before the censoring time: its lifetime lies in its bin and ends by then.
      if (bin.lowS * 1000 > censorMs - binStartS * 1000) {
        problems.push(problemAt(df, i + 1, d.column, `"${d.text}": a lifetime of ${bin.lowS} s or more would end after the censoring time`));
        continue;
      }
      const lowMs = bin.lowS * 1000;
      const highMs = Math.min(bin.highS * 1000, censorMs - absoluteMs);
      lifetimeMs = highMs > lowMs ? lowMs + Math.floor(v * (highMs - lowMs)) : lowMs;
    }
    out.push({ timeMs: arrivalMs, flavor, lifetimeMs, censored });
  }
  return batches;
}
