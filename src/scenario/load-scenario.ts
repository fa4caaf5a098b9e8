// Reads a scenario file (YAML or JSON), applies --set overrides, validates it and loads its trace files.
// Every problem is collected and reported at once; nothing runs when input is bad.

import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { InputError, type Problem } from './input-error.js';
import { impossibleStratum } from '../failures/group-outage-strata.js';
import { scenarioSchema, type Scenario } from './schema.js';
import { setAtPath, type Assignment } from './set-path.js';
import { zodProblems } from './zod-problems.js';
import { durationWarnings } from './duration-warnings.js';
import { MAX_SCENARIO_BYTES, MAX_TRACE_BYTES, checkInputFile, readInputText } from './input-file.js';
import { treeProblems } from './safe-tree.js';
import { runSizeProblems } from './run-size.js';
import { loadRequestTrace, type RequestTrace } from '../workload/request-trace.js';
import { RequestTraceStream } from '../workload/request-trace-stream.js';
import { loadFailureTrace, type FailureTrace } from '../failures/failure-trace.js';

export interface LoadedScenario {
  file: string;
  scenario: Scenario;
  /** sha256 of the resolved scenario (defaults applied, traces included by content). */
  hash: string;
  requestTrace?: RequestTrace;
  failureTrace?: FailureTrace;
  /** valid but suspicious input (a unit-less horizon of 30 = 30 s), for the CLI to print; never changes results */
  warnings?: { path: string; message: string }[];
  /** the scenario object as written, after --set and --arm: validating it again gives this scenario */
  input?: unknown;
}

export function readScenarioObject(file: string): unknown {
  const text = readInputText(file, MAX_SCENARIO_BYTES, 'file');
  const json = file.endsWith('.json');
  const invalid = (where: string, message: string) =>
    new InputError([{ source: file, path: where, message: `not valid ${json ? 'JSON' : 'YAML'}: ${clip(message.split('\n')[0])}` }]);
  let value: unknown;
  if (json) {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw invalid('', (error as Error).message);
    }
  }
  const shape = value !== undefined ? treeProblems(value, file) : [];
  if (shape.length > 0) throw new InputError(shape);
  // YAML refuses duplicate keys; JSON.parse keeps the last silently, so JSON goes through the YAML parser too (a
  // JSON text is YAML), after the depth check above.
  let document;
  try {
    document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    throw invalid('', (error as Error).message);
  }
  // Warnings include tags the parser does not know (`!foo`): their values would silently become strings.
  const first = document.errors[0] ?? document.warnings[0];
  if (first) throw invalid(first.linePos ? `line ${first.linePos[0].line}` : '', first.message);
  if (!json) {
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      throw invalid('', error instanceof RangeError ? 'nested too deeply' : (error as Error).message);
    }
    const problems = treeProblems(value, file);
    if (problems.length > 0) throw new InputError(problems);
  }
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) {
    const got = value === null || value === undefined ? 'an empty document' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    throw new InputError([{ source: file, path: '', message: `expected a mapping with name, horizon, fleet, workload and arms, got ${got}` }]);
  }
  return value;
}

/** A parser's message, cut so that it cannot carry much of the input. */
function clip(message: string): string {
  return message.length > 160 ? `${message.slice(0, 159)}…` : message;
}

export interface ResolveOptions {
  /** Run even when the run-size estimate is above its limits. */
  force?: boolean;
  /**
   * Read the request trace on another thread while the caller simulates (`capsim run` on one thread): the
   * LoadedScenario's requestTrace is then a RequestTraceStream, and its problems and the run-size check on its row
   * count are raised when the run reaches them or when the trace or the hash is read.
   */
  streamRequestTrace?: boolean;
}

/**
 * Validates a raw scenario object; `file` names it in errors and anchors relative trace paths. The run-size
 * estimate is checked here, so every command refuses an oversized run before allocating or simulating anything.
 */
export function resolveScenario(raw: unknown, file: string, sets: Assignment[] = [], options: ResolveOptions = {}): LoadedScenario {
  let object = raw;
  for (const assignment of sets) object = setAtPath(object, assignment.path, assignment.value);
  const shape = treeProblems(object, file);
  if (shape.length > 0) throw new InputError(shape);
  const parsed = scenarioSchema.safeParse(object);
  if (!parsed.success) throw new InputError(zodProblems(file, parsed.error.issues, object, [], scenarioSchema));
  const scenario = parsed.data;
  const problems: Problem[] = [];
  const base = dirname(resolve(file));
  let requestTrace: RequestTrace | undefined;
  let stream: RequestTraceStream | undefined;
  let failureTrace: FailureTrace | undefined;
  const sizeProblems = (rows: number) => (options.force ? [] : runSizeProblems(scenario, file, rows));
  if ('trace' in scenario.workload) {
    try {
      const path = resolve(base, scenario.workload.trace);
      if (options.streamRequestTrace) {
        checkInputFile(path, MAX_TRACE_BYTES, 'trace file');
        requestTrace = stream = new RequestTraceStream(path, scenario.workload.flavors, sizeProblems);
      } else requestTrace = loadRequestTrace(path, scenario.workload.flavors);
    } catch (error) {
      if (error instanceof InputError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (scenario.failures?.trace) {
    try {
      failureTrace = loadFailureTrace(resolve(base, scenario.failures.trace), scenario.fleet);
    } catch (error) {
      if (error instanceof InputError) problems.push(...error.problems);
      else throw error;
    }
  }
  const stratumProblem = impossibleStratum(scenario);
  const stratum = stratumProblem ? [{ source: file, path: 'stratify.groupOutages.allocation', message: stratumProblem }] : [];
  if (stream && problems.length === 0 && stratum.length === 0 && sizeProblems(0).length === 0) {
    // Nothing else is wrong: the trace's problems come when the run reaches them (RequestTraceStream).
    const streamed = stream;
    const input = object;
    return { file, scenario, get hash() { return scenarioHash(scenario, streamed.finish(), failureTrace?.digest); },
      requestTrace: stream, failureTrace, warnings: durationWarnings(object, scenario), input };
  }
  // Every problem at once, in the order of a trace read before the rest.
  let rows = stream ? 0 : requestTrace?.time.length ?? 0;
  if (stream) {
    const checked = stream.check();
    problems.unshift(...checked.problems);
    rows = checked.rows;
  }
  problems.push(...sizeProblems(rows), ...stratum);
  if (problems.length > 0) throw new InputError(problems);
  if (stream) requestTrace = stream.complete();
  return { file, scenario, hash: scenarioHash(scenario, requestTrace?.digest, failureTrace?.digest), requestTrace, failureTrace,
    warnings: durationWarnings(object, scenario), input: object };
}

function scenarioHash(scenario: Scenario, requestTrace: string | undefined, failureTrace: string | undefined): string {
  return createHash('sha256').update(canonicalJson({ scenario, requestTrace, failureTrace })).digest('hex');
}

export function loadScenario(file: string, sets: Assignment[] = [], options: ResolveOptions = {}): LoadedScenario {
  return resolveScenario(readScenarioObject(file), file, sets, options);
}

/** JSON with object keys sorted, so the hash does not depend on key order in the file. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v);
}
