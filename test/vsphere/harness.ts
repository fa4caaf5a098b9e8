// A hand-driven run for vSphere tests: the run's context (world, platform, Nova, recovery) without the workload,
// so tests create VMs, failures and repairs at exact times and read the state in between.

import { Simulator } from '../../src/engine/simulator.js';
import { createStream } from '../../src/engine/random-streams.js';
import { buildPlatform } from '../../src/experiment/build-platform.js';
import type { RunContext, RunHooks } from '../../src/kernel/run-context.js';
import { departVm } from '../../src/kernel/depart-vm.js';
import type { RecoveryPolicy } from '../../src/kernel/recovery-policy.js';
import { VmLifecycle } from '../../src/model/vm-lifecycle.js';
import { PRIORITY } from '../../src/kernel/priority.js';
import { failHost, repairHost } from '../../src/failures/fail-host.js';
import { installRecovery } from '../../src/failures/install-recovery.js';
import { RunMetrics } from '../../src/metrics/run-metrics.js';
import { DEFAULT_HA_PRIORITY, haPriorityIndex } from '../../src/model/ha-priority.js';
import { Vm } from '../../src/model/vm.js';
import { World } from '../../src/model/world.js';
import { Nova, type BuildOutcome } from '../../src/nova/nova.js';
import { resolveNovaConfig, type Release } from '../../src/nova/release-profiles.js';
import { resolveScenario } from '../../src/scenario/load-scenario.js';
import { vcenterClusters } from '../../src/vsphere/vcenter-platform.js';

export interface TestRun {
  context: RunContext;
  /** The arm's recovery policy (undefined for recovery none). */
  recovery: RecoveryPolicy | undefined;
  /** VMs that departed while down (for conservation checks). */
  departedDown: number;
  events: (string | number)[][];
  /** Requests a VM through Nova now; lifetime in seconds (Infinity = stays). */
  request(ramMiB: number, options?: { vcpus?: number; lifetime?: number; priority?: string; diskGiB?: number;
    memReservationMiB?: number; cpuReservationMhz?: number }): { vm: Vm; outcome: BuildOutcome };
  /** Runs `fn` at time `t` (before arrivals at that time). */
  at(t: number, fn: () => void): void;
  fail(hostName: string): void;
  repair(hostName: string): void;
  run(until: number): void;
  host(name: string): RunContext['world']['hosts'][number];
  clusters(): ReturnType<typeof vcenterClusters>;
}

/** Minimal scenario fields for a test: the fleet and arms; the workload is not used. */
export function testRun(fields: Record<string, unknown>, armIndex = 0): TestRun {
  const raw = {
    name: 'vsphere-test', horizon: '30d', replications: 1, sampleInterval: '1h',
    workload: { arrivals: { poisson: { ratePerHour: 1 } }, lifetime: { constant: '1h' },
      flavors: [{ name: 'any', vcpus: 1, ramMiB: 1024, diskGiB: 0 }] },
    ...fields,
  };
  const loaded = resolveScenario(raw, 'vsphere-test.yaml');
  const scenario = loaded.scenario;
  const arm = scenario.arms[armIndex];
  const config = resolveNovaConfig(scenario.release as Release, arm.nova);
  const sim = new Simulator();
  const world = new World(scenario.fleet);
  const metrics = new RunMetrics(1, scenario.warmup, scenario.horizon, arm.name, 0, false);
  const hooks: RunHooks = { hostFailed: [], hostRepaired: [], capacityFreed: [], vmDeparted: [], atHorizon: [] };
  const events: (string | number)[][] = [];
  const lifecycle = new VmLifecycle(world, scenario.horizon, sim);
  lifecycle.subscribe(metrics);
  const context: RunContext = {
    sim, world, lifecycle, metrics, loaded, scenario, arm, armIndex, replication: 0, config, hooks,
    nova: undefined as unknown as Nova,
    nodes: [],
    exogenous: (name) => createStream(scenario.seed, 0, name),
    policy: (name) => createStream(scenario.seed, 0, `arm/${arm.name}/${name}`),
    logEnabled: true,
    log: (event, vm, host, detail) => events.push([sim.now, event, vm, host, detail]),
  };
  context.nodes.push(...buildPlatform(context));
  context.nova = new Nova(context.nodes, config, context.policy('nova-scheduler'),
    (event, vm, host, detail) => context.log(event, vm.id, host, detail));
  const recovery = installRecovery(context);

  const callbacks: (() => void)[] = [];
  const callbackKind = sim.defineEvent('test-callback', PRIORITY.repair - 1, (i) => callbacks[i]());
  const departureKind = sim.defineEvent('departure', PRIORITY.departure, (id, slot) => {
    if (world.vms.get(id)?.state === 'down') self.departedDown++;
    departVm(context, id, slot, undefined);
  });
  let nextId = 0;
  const byName = (name: string) => {
    const host = world.hosts.find((h) => h.name === name);
    if (!host) throw new Error(`no host ${name}`);
    return host;
  };
  const self: TestRun = {
    context,
    recovery,
    departedDown: 0,
    events,
    request(ramMiB, options = {}) {
      const vcpus = options.vcpus ?? 1;
      const lifetime = options.lifetime ?? Infinity;
      const priority = options.priority ? haPriorityIndex(options.priority) : DEFAULT_HA_PRIORITY;
      const diskGiB = options.diskGiB ?? 0;
      const vm = new Vm(nextId++, 0, vcpus, ramMiB, diskGiB, sim.now, lifetime, priority, true);
      vm.memReservationMiB = options.memReservationMiB ?? 0;
      vm.cpuReservationMhz = options.cpuReservationMhz ?? 0;
      const outcome = context.nova.build(vm, { vcpus, ramMiB, diskGiB }, sim.now);
      metrics.requestOutcome(vm, outcome);
      if (outcome === 'placed' && Number.isFinite(lifetime)) vm.departureHandle = sim.at(vm.departureTime, departureKind, vm.id, vm.record);
      return { vm, outcome };
    },
    at(t, fn) {
      callbacks.push(fn);
      sim.at(t, callbackKind, callbacks.length - 1);
    },
    fail(name) {
      failHost(context, byName(name));
    },
    repair(name) {
      repairHost(context, byName(name));
    },
    run(until) {
      sim.run(until);
    },
    host: byName,
    clusters: () => vcenterClusters(context.nodes),
  };
  return self;
}

/** A fleet group of identical hosts. */
export function group(name: string, count: number, ramMiB: number, cpus = 32) {
  return { group: name, count, cpus, ramMiB, diskGiB: 1000 };
}
