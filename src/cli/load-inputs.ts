// Loads and validates every scenario named on the command line with its overrides, collecting all problems
// from all files before anything runs.

import { InputError, type Problem } from '../scenario/input-error.js';
import { readScenarioObject, resolveScenario, type LoadedScenario } from '../scenario/load-scenario.js';
import { commandLineAssignments, selectArms } from '../scenario/command-line-overrides.js';

export interface ScenarioArgs {
  scenarios: string[];
  set?: string[];
  seed?: number;
  replications?: number;
  arm?: string[];
  force?: boolean;
}

/** `streamRequestTrace`: see ResolveOptions (only for a caller that runs one scenario on this thread). */
export function loadInputs(args: ScenarioArgs, streamRequestTrace = false): LoadedScenario[] {
  const problems: Problem[] = [];
  const assignments = commandLineAssignments(args, problems);
  const loaded: LoadedScenario[] = [];
  for (const file of args.scenarios) {
    try {
      let raw = readScenarioObject(file);
      if (args.arm && args.arm.length > 0) raw = selectArms(raw, args.arm, file);
      loaded.push(resolveScenario(raw, file, assignments, { force: args.force, streamRequestTrace }));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  for (const l of loaded) {
    for (const w of l.warnings ?? []) process.stderr.write(`${l.file}: ${w.path}: warning: ${w.message}\n`);
  }
  return loaded;
}
