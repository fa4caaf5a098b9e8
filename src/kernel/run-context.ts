// What one run (arm × replication) shares between its parts: the engine, the world and its VM lifecycle, Nova,
// metrics (to be told, never read), random streams, and hooks through which failure, recovery and vSphere modules
// react to each other without knowing each other.

import type { Simulator } from '../engine/simulator.js';
import type { Rng } from '../engine/random-streams.js';
import type { PhysicalHost } from '../model/physical-host.js';
import type { World } from '../model/world.js';
import type { Vm } from '../model/vm.js';
import type { VmLifecycle } from '../model/vm-lifecycle.js';
import type { ComputeNode } from '../nova/compute-node.js';
import type { Nova } from '../nova/nova.js';
import type { NovaConfig } from '../nova/release-profiles.js';
import type { RunMetrics } from '../metrics/run-metrics.js';
import type { Arm, Scenario } from '../scenario/schema.js';
import type { LoadedScenario } from '../scenario/load-scenario.js';

export interface RunHooks {
  /** A physical host just failed (its VMs are still listed on it). */
  hostFailed: ((host: PhysicalHost) => void)[];
  /** A physical host is back up. */
  hostRepaired: ((host: PhysicalHost) => void)[];
  /**
   * Capacity was freed on a host (a VM departed or moved away); `hostId` is host.id, passed so that a listener that
   * needs only the id does not read the host object's line that holds it.
   */
  capacityFreed: ((host: PhysicalHost, hostId: number) => void)[];
  /** A VM's lifetime ended; recovery policies drop it from their queues. */
  vmDeparted: ((vm: Vm) => void)[];
  /**
   * A VM that was down departed: the listeners of policies that only ever hold VMs while they are down
   * (RecoveryPolicy.holdsDownVmsOnly), so the departure of a running VM need not load its Vm object; created by the
   * first listener.
   */
  downVmDeparted?: ((vm: Vm) => void)[];
  /** Any VM departed, told by id only (its Vm object is not loaded for these); created by the first listener. */
  vmDepartedId?: ((vmId: number) => void)[];
  /**
   * A physical host lost its management network (it and its VMs run on) / got it back (failures.isolationShare);
   * created by the first listener.
   */
  hostIsolated?: ((host: PhysicalHost) => void)[];
  hostReconnected?: ((host: PhysicalHost) => void)[];
  /** Called once at the horizon, before VMs are finalised. */
  atHorizon: (() => void)[];
}

export interface RunContext {
  readonly sim: Simulator;
  readonly world: World;
  /** The only way to change a VM's state (down, recovered, gave up, departed). */
  readonly lifecycle: VmLifecycle;
  /** Set once the platform is built. */
  nova: Nova;
  readonly nodes: ComputeNode[];
  readonly metrics: RunMetrics;
  readonly loaded: LoadedScenario;
  readonly scenario: Scenario;
  readonly arm: Arm;
  readonly armIndex: number;
  readonly replication: number;
  readonly config: NovaConfig;
  readonly hooks: RunHooks;
  /** A stream shared by every arm of this replication (exogenous randomness). */
  exogenous(name: string): Rng;
  /** A stream of this arm's own decisions (policies). */
  policy(name: string): Rng;
  /** Appends to events.csv when the event log is on. */
  readonly logEnabled: boolean;
  log(event: string, vm: number | '', host: string, detail: string): void;
  /** Writes a VM's vms.csv row once its story has ended outside the run loop (e.g. gave up); set by the run. */
  recordVm?: (vm: Vm) => void;
}
