// Installs the arm's recovery policy (failures/recovery-policies.ts) on the run's hooks; none for `recovery: none`
// (VMs come back with their host).

import type { RecoveryPolicy } from '../kernel/recovery-policy.js';
import type { RunContext } from '../kernel/run-context.js';
import { RECOVERY_POLICY_REGISTRY, recoveryPolicyName, recoveryPolicyOptions } from './recovery-policies.js';

export function installRecovery(context: RunContext): RecoveryPolicy | undefined {
  const name = recoveryPolicyName(context.arm.recovery);
  if (name === undefined) return undefined;
  const factory = RECOVERY_POLICY_REGISTRY.get(name);
  if (!factory) throw new Error(`arm ${context.arm.name}: no recovery policy ${name} (a plug-in's policy needs --plugin)`);
  const policy = factory(context, recoveryPolicyOptions(context.arm.recovery));
  const { hooks } = context;
  hooks.hostFailed.push((host) => policy.hostFailed(host));
  hooks.hostRepaired.push((host) => policy.hostRepaired(host));
  hooks.capacityFreed.push((host, hostId) => policy.capacityFreed(host, hostId));
  const byId = policy.vmIdDeparted;
  if (byId !== undefined) (hooks.vmDepartedId ??= []).push((vmId) => byId.call(policy, vmId));
  else if (policy.holdsDownVmsOnly === true) (hooks.downVmDeparted ??= []).push((vm) => policy.vmDeparted(vm));
  else hooks.vmDeparted.push((vm) => policy.vmDeparted(vm));
  return policy;
}
