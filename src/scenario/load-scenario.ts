// Reads a scenario file (YAML or JSON), applies --set overrides, validates it and loads its trace files.
// Every problem is collected and reported at once; nothing runs when input is bad.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { InputError, type Problem } from './input-error.js';
import { scenarioSchema, type Scenario } from './schema.js';
import { setAtPath, type Assignment } from './set-path.js';
import { zodProblems } from './zod-problems.js';
import { durationWarnings } from './duration-warnings.js';
import { loadRequestTrace, type RequestTrace } from '../workload/request-trace.js';
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
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError([{ source: file, path: '', message: `cannot read file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` }]);
  }
  try {
    if (file.endsWith('.json')) return JSON.parse(text);
    return parseYaml(text, { prettyErrors: true });
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? `line ${error.linePos[0].line}` : '';
    throw new InputError([{ source: file, path: where, message: `not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message.split('\n')[0]}` }]);
  }
}

/** Validates a raw scenario object; `file` names it in errors and anchors relative trace paths. */
export function resolveScenario(raw: unknown, file: string, sets: Assignment[] = []): LoadedScenario {
  let object = raw;
  for (const assignment of sets) object = setAtPath(object, assignment.path, assignment.value);
  const parsed = scenarioSchema.safeParse(object);
  if (!parsed.success) throw new InputError(zodProblems(file, parsed.error.issues, object, [], scenarioSchema));
  const scenario = parsed.data;
  const problems: Problem[] = [];
  const base = dirname(resolve(file));
  let requestTrace: RequestTrace | undefined;
  let failureTrace: FailureTrace | undefined;
  if ('trace' in scenario.workload) {
    try {
      requestTrace = loadRequestTrace(resolve(base, scenario.workload.trace), scenario.workload.flavors);
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
  if (problems.length > 0) throw new InputError(problems);
  const hash = createHash('sha256')
    .update(canonicalJson({ scenario, requestTrace: requestTrace?.digest, failureTrace: failureTrace?.digest }))
    .digest('hex');
  return { file, scenario, hash, requestTrace, failureTrace, warnings: durationWarnings(object, scenario), input: object };
}

export function loadScenario(file: string, sets: Assignment[] = []): LoadedScenario {
  return resolveScenario(readScenarioObject(file), file, sets);
}

/** JSON with object keys sorted, so the hash does not depend on key order in the file. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v);
}
