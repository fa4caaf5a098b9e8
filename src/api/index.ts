// capsim's public entry point (package.json `exports`): the library calls (load a scenario, run it, read results,
// load plug-ins) and the types a plug-in's filters, weighers and recovery policies are written against.
// docs/library.md and docs/plugins.md show them in use.

import type { RunContext } from '../kernel/run-context.js';

export { loadScenario, runScenario, readResults } from './library.js';
export type { LoadOptions, RunOptions, ScenarioRun, SummaryRow, ResultsFolder } from './library.js';
export { loadPlugins } from '../plugin/load-plugins.js';
export type { LoadedPlugin } from '../plugin/load-plugins.js';
export type { PluginApi } from '../plugin/plugin-api.js';
export { InputError, type Problem } from '../scenario/input-error.js';
export type { LoadedScenario } from '../scenario/load-scenario.js';
export type { Scenario, ScenarioInput, Arm } from '../scenario/schema.js';
export type { RunResult } from '../experiment/run-result.js';

/** A scheduler filter (`passes` per compute node and request) and what it is given. */
export type { HostFilter, FilterContext } from '../nova/filters/host-filter.js';
/** A weigher: one raw value per compute node; capsim normalises and multiplies as Nova does. */
export type { HostWeigher } from '../nova/weighers/host-weigher.js';
/** The request being placed: flavor resources, availability zone, image hypervisor, server group. */
export type { RequestSpec } from '../nova/request-spec.js';
export type { ServerGroup } from '../nova/server-group.js';
/** A Nova compute node as the scheduler sees it (a KVM host, or a vCenter cluster behind VMwareVCDriver). */
export type { ComputeNode, Hypervisor } from '../nova/compute-node.js';
/** The arm's resolved Nova options (allocation ratios, reserves, filters, weighers, ...). */
export type { NovaConfig, WeigherConfig } from '../nova/release-profiles.js';
/** A recovery policy: told of host failures, repairs, freed capacity and departures; reports what it has pending. */
export type { RecoveryPolicy, RecoveryPolicyFactory } from '../kernel/recovery-policy.js';
export type { RunHooks } from '../kernel/run-context.js';
/** A DRS rule: vetoes vMotions (VM-VM or VM-Host style constraints). */
export type { DrsRule } from '../vsphere/drs-rule.js';
/** Physical hosts, VMs and the VM lifecycle (the only way to change a VM's state). */
export type { PhysicalHost } from '../model/physical-host.js';
export type { Vm } from '../model/vm.js';
export type { World } from '../model/world.js';
export type { VmLifecycle, VmLifecycleListener } from '../model/vm-lifecycle.js';
/** The event engine a policy schedules its own events on (defineEvent once, then schedule / at). */
export type { Simulator } from '../engine/simulator.js';
export type { Rng } from '../engine/random-streams.js';
export type { Nova } from '../nova/nova.js';
export { PRIORITY } from '../kernel/priority.js';

/**
 * What a recovery policy may use of its run: the engine (`sim`), the world (hosts, VMs), the VM lifecycle (mark VMs
 * recovering, recovered, given up), Nova (evacuate, schedule), the arm and its Nova options, hooks, its own random
 * streams (`policy(name)`) and the event log. Not the run's metrics: they are counted from lifecycle events.
 */
export type PolicyContext = Pick<RunContext, 'sim' | 'world' | 'lifecycle' | 'nova' | 'nodes' | 'scenario' | 'arm' |
  'armIndex' | 'replication' | 'config' | 'hooks' | 'policy' | 'logEnabled' | 'log'>;
