// Recovery policies by name, as an arm's `recovery` selects them: the run installs the one its arm names. Plug-ins
// add theirs to RECOVERY_POLICY_REGISTRY; an arm names one with `recovery: { policy: <name>, options: {...} }`.

import { Registry } from '../kernel/registry.js';
import type { RecoveryPolicyFactory } from '../kernel/recovery-policy.js';
import type { RunContext } from '../kernel/run-context.js';
import { manualEvacuation } from '../nova/evacuate-manual.js';
import { masakariRecovery } from '../nova/masakari.js';
import { vsphereHaRecovery } from '../vsphere/vsphere-ha.js';
import type { Arm } from '../scenario/schema.js';
import { PLUGIN_NAMES } from '../scenario/plugin-names.js';

export type RecoveryPolicyName = 'manual-evacuation' | 'masakari' | 'vsphere-ha';

export const RECOVERY_POLICIES: Record<RecoveryPolicyName, RecoveryPolicyFactory> = {
  'manual-evacuation': (context: RunContext) => manualEvacuation(context, novaEvacuate(context.arm)),
  masakari: (context: RunContext) => masakariRecovery(context, novaEvacuate(context.arm)),
  'vsphere-ha': vsphereHaRecovery,
};

export const RECOVERY_POLICY_REGISTRY = new Registry<RecoveryPolicyFactory>('recovery policy', RECOVERY_POLICIES,
  PLUGIN_NAMES['recovery policy']);

/** The policy an arm's `recovery` names; undefined for `none` (VMs come back with their host). */
export function recoveryPolicyName(recovery: Arm['recovery']): string | undefined {
  if (recovery === 'none') return undefined;
  if ('policy' in recovery) return recovery.policy;
  if ('vsphereHa' in recovery) return 'vsphere-ha';
  return recovery.novaEvacuate.trigger === 'masakari' ? 'masakari' : 'manual-evacuation';
}

/** A plug-in policy's `options` ({} when the arm gives none); built-in policies read their own fields. */
export function recoveryPolicyOptions(recovery: Arm['recovery']): Readonly<Record<string, unknown>> {
  return typeof recovery === 'object' && 'policy' in recovery ? recovery.options ?? {} : {};
}

function novaEvacuate<T>(arm: Arm): T {
  const recovery = arm.recovery;
  if (recovery === 'none' || !('novaEvacuate' in recovery)) throw new Error(`arm ${arm.name}: no novaEvacuate`);
  return recovery.novaEvacuate as T;
}
