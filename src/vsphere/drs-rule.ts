// A DRS rule a plug-in registers (docs/plugins.md): it vetoes vMotions, as vSphere's VM-VM and VM-Host rules restrict
// where DRS may move a VM (vSphere Resource Management, "Using DRS Affinity Rules"). An arm lists the rules it
// applies in `drs.rules`; DRS then moves a VM only where every rule allows it (balancing, mandatory and make-room
// moves alike). capsim has no built-in rule.

import { Registry } from '../kernel/registry.js';
import type { PhysicalHost } from '../model/physical-host.js';
import type { Vm } from '../model/vm.js';
import { PLUGIN_NAMES } from '../scenario/plugin-names.js';

export interface DrsRule {
  /** Whether DRS may move this running VM from one ESXi host to another of its cluster now. */
  allowsMove(vm: Vm, from: PhysicalHost, to: PhysicalHost): boolean;
}

export const DRS_RULE_REGISTRY = new Registry<DrsRule>('DRS rule', {}, PLUGIN_NAMES['DRS rule']);
