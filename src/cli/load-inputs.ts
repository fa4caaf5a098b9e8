// Loads and validates every scenario named on the command line with its overrides, collecting all problems
// from all files before anything runs.

import { InputError, type Problem } from '../scenario/input-error.js';
import { readScenarioObject, resolveScenario, type LoadedScenario } from '../scenario/load-scenario.js';
import { parseAssignment, type Assignment } from '../scenario/set-path.js';

export interface ScenarioArgs {
  scenarios: string[];
  set?: string[];
  seed?: number;
  replications?: number;
  arm?: string[];
}

export function loadInputs(args: ScenarioArgs): LoadedScenario[] {
  const problems: Problem[] = [];
  const assignments: Assignment[] = [];
  for (const text of args.set ?? []) {
    try {
      assignments.push(parseAssignment(text));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (args.seed !== undefined) assignments.push({ path: 'seed', value: args.seed });
  if (args.replications !== undefined) assignments.push({ path: 'replications', value: args.replications });
  const loaded: LoadedScenario[] = [];
  for (const file of args.scenarios) {
    try {
      let raw = readScenarioObject(file);
      if (args.arm && args.arm.length > 0) raw = selectArms(raw, args.arm, file);
      loaded.push(resolveScenario(raw, file, assignments));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return loaded;
}

/** Keeps only the named arms, in the order the file lists them (the first kept arm is the baseline). */
export function selectArms(raw: unknown, names: string[], file: string): unknown {
  const object = raw as { arms?: { name?: string }[] };
  if (!object || !Array.isArray(object.arms)) return raw;
  const known = new Set(object.arms.map((a) => a?.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new InputError(unknown.map((n) => ({ source: file, path: '--arm', message: `no arm named "${n}"; arms are ${[...known].join(', ')}` })));
  }
  return { ...object, arms: object.arms.filter((a) => names.includes(a?.name ?? '')) };
}
