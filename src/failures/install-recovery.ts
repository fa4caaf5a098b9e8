// Installs the arm's recovery policy on the run's hooks: none (VMs come back with their host), Nova evacuation
// (manual or Masakari) for libvirt hosts, or vSphere HA (vsphere/).

import type { RunContext } from '../kernel/run-context.js';
import { installManualEvacuation } from '../nova/evacuate-manual.js';
import { installMasakari } from '../nova/masakari.js';
import { installVsphereHa } from '../vsphere/vsphere-ha.js';

export function installRecovery(context: RunContext): void {
  const recovery = context.arm.recovery;
  if (recovery === 'none') return;
  if ('vsphereHa' in recovery) {
    installVsphereHa(context);
    return;
  }
  if (recovery.novaEvacuate.trigger === 'masakari') installMasakari(context, recovery.novaEvacuate);
  else installManualEvacuation(context, recovery.novaEvacuate);
}
