// Installs the arm's recovery policy (none, Nova evacuation, Masakari, vSphere HA) on the run's hooks.

import type { RunContext } from '../experiment/run-context.js';
import { installVsphereHa } from '../vsphere/vsphere-ha.js';

export function installRecovery(context: RunContext): void {
  const recovery = context.arm.recovery;
  if (typeof recovery === 'object' && 'vsphereHa' in recovery) {
    installVsphereHa(context);
    return;
  }
  if (recovery !== 'none') throw new Error('recovery policies are not modelled yet (issue 6)');
}
