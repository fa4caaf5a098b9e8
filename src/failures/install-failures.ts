// Schedules the exogenous failure process of a run (host failures and repairs) and notifies the hooks.

import type { RunContext } from '../experiment/run-context.js';

export function installFailures(context: RunContext): void {
  if (context.scenario.failures) throw new Error('failures are not modelled yet (issue 6)');
}
