// Overrides given on the command line (--set, --seed, --replications, --arm), applied to a raw scenario object
// before validation; shared by `capsim run`, `validate` and `sweep`.

import { InputError, type Problem } from './input-error.js';
import { parseAssignment, type Assignment } from './set-path.js';

export interface OverrideArgs {
  set?: string[];
  seed?: number;
  replications?: number;
}

/** The overrides given by --set, --seed and --replications, in that order; bad --set values go to `problems`. */
export function commandLineAssignments(args: OverrideArgs, problems: Problem[]): Assignment[] {
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
  return assignments;
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
