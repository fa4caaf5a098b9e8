// What an arm's recovery policy is told, and what it reports: a plug-in of the run, registered by name
// (failures/recovery-policies.ts). It changes VMs only through the VM lifecycle (RunContext.lifecycle).

import type { PhysicalHost } from '../model/physical-host.js';
import type { Vm } from '../model/vm.js';
import type { RunContext } from './run-context.js';

export interface RecoveryPolicy {
  /** A physical host just failed (its VMs are down and still listed on it). */
  hostFailed(host: PhysicalHost): void;
  /** A physical host is back up (VMs still on it run again). */
  hostRepaired(host: PhysicalHost): void;
  /** Capacity was freed on an up host (a VM departed or moved away); `hostId` is host.id. */
  capacityFreed(host: PhysicalHost, hostId: number): void;
  /** A VM's lifetime ended; the policy drops it from its queues. */
  vmDeparted(vm: Vm): void;
  /**
   * When present, the policy is told of departures by VM id through this instead of vmDeparted, and no departure
   * loads a Vm object for it (docs/performance.md, "cold objects").
   */
  vmIdDeparted?(vmId: number): void;
  /**
   * True when the policy holds VMs only while they are down (it drops or ignores a VM once it runs again): it is then
   * told vmDeparted only of VMs that depart while down, and the departures of running VMs do not load their Vm objects.
   */
  readonly holdsDownVmsOnly?: boolean;
  /** VMs waiting for or undergoing recovery now (timeseries `pending_recoveries`); the policy is its only owner. */
  readonly pending: number;
}

/** Makes an arm's policy for one run; `options` are a plug-in policy's `recovery.options` ({} for built-ins). */
export type RecoveryPolicyFactory = (context: RunContext, options: Readonly<Record<string, unknown>>) => RecoveryPolicy;
