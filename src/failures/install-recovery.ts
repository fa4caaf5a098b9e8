// Installs the arm's recovery policy (none, Nova evacuation, Masakari, vSphere HA) on the run's hooks.

import type { RunContext } from '../experiment/run-context.js';

export function installRecovery(context: RunContext): void {
  if (context.arm.recovery !== 'none') throw new Error('recovery policies are not modelled yet (issue 6)');
}
