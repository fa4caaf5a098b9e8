// Runs one arm of one replication: builds the world and the arm's platform, drives arrivals, departures, failures
// and samples to the horizon, and returns the run's rows.

import { Simulator } from '../engine/simulator.js';
import { createStream } from '../engine/random-streams.js';
import { World } from '../model/world.js';
import { Vm } from '../model/vm.js';
import { Nova } from '../nova/nova.js';
import { resolveNovaConfig, type Release } from '../nova/release-profiles.js';
import type { RequestSpec } from '../nova/request-spec.js';
import { CapacitySampler, type FlavorShape } from '../metrics/capacity-sample.js';
import { round, RunMetrics } from '../metrics/run-metrics.js';
import type { LoadedScenario } from '../scenario/load-scenario.js';
import { createRequestSource, emptyRequest } from '../workload/request-source.js';
import { installFailures } from '../failures/install-failures.js';
import { installRecovery } from '../failures/install-recovery.js';
import { buildPlatform } from './build-platform.js';
import type { RunContext, RunHooks } from './run-context.js';
import { DEFAULT_RUN_OPTIONS, type RunOptions } from './run-options.js';
import type { RunResult } from './run-result.js';

// Event priorities at equal times: capacity comes back before it is asked for, samples see the settled state.
export const PRIORITY = { repair: 10, departure: 20, failure: 30, recovery: 40, arrival: 50, drs: 60, sample: 250 } as const;

export function runReplication(loaded: LoadedScenario, armIndex: number, replication: number,
  options: RunOptions = DEFAULT_RUN_OPTIONS): RunResult {
  const scenario = loaded.scenario;
  const arm = scenario.arms[armIndex];
  const config = resolveNovaConfig(scenario.release as Release, arm.nova);
  const sim = new Simulator();
  const world = new World(scenario.fleet);
  const flavors = scenario.workload.flavors;
  const metrics = new RunMetrics(flavors.length, scenario.warmup, scenario.horizon, arm.name, replication, options.timeseries);
  const events: (string | number)[][] = [];
  const hooks: RunHooks = { hostFailed: [], hostRepaired: [], capacityFreed: [], vmDeparted: [], atHorizon: [] };
  const context: RunContext = {
    sim, world, metrics, loaded, scenario, arm, armIndex, replication, config, hooks,
    nova: undefined as unknown as Nova,
    nodes: [],
    exogenous: (name) => createStream(scenario.seed, replication, name),
    policy: (name) => createStream(scenario.seed, replication, `arm/${arm.name}/${name}`),
    logEnabled: options.eventLog,
    log: (event, vm, host, detail) => {
      if (options.eventLog) events.push([round(sim.now), arm.name, replication, event, vm, host, detail]);
    },
  };
  context.nodes.push(...buildPlatform(context));
  const nova = new Nova(context.nodes, config, context.policy('nova-scheduler'),
    options.eventLog ? (event, vm, host, detail) => context.log(event, vm.id, host, detail) : undefined,
    { fastPath: options.fastPath !== false });
  context.nova = nova;

  const vmRows: (string | number)[][] = [];
  const recordVm = (vm: Vm) => {
    if (!options.vmLog) return;
    vmRows.push([vm.id, arm.name, replication, flavors[vm.flavor].name, round(vm.arrival), vm.outcome ?? '',
      vm.host >= 0 ? world.hosts[vm.host].name : '', vm.computeNode >= 0 ? context.nodes[vm.computeNode].name : '',
      vm.attempts, round(vm.downtimeS), vm.recoveries, vm.dataLost ? 1 : 0]);
  };
  context.recordVm = recordVm;

  // Arrivals: one pending request at a time, generated lazily from the exogenous streams.
  const source = createRequestSource(scenario, replication, loaded.requestTrace);
  const pending = emptyRequest();
  const request: RequestSpec = { vcpus: 0, ramMiB: 0, diskGiB: 0 };
  let nextVmId = 0;
  const departureKind = sim.defineEvent('departure', PRIORITY.departure, (id) => {
    const vm = world.vms.get(id);
    if (!vm) return;
    const host = vm.host >= 0 ? world.hosts[vm.host] : undefined;
    nova.delete(vm);
    world.forget(vm);
    metrics.vmDeparted(vm, sim.now);
    context.log('departure', vm.id, host?.name ?? '', '');
    for (const hook of hooks.vmDeparted) hook(vm);
    recordVm(vm);
    if (host?.up) for (const hook of hooks.capacityFreed) hook(host);
  });
  const arrivalKind = sim.defineEvent('arrival', PRIORITY.arrival, () => {
    const flavor = flavors[pending.flavor];
    const vm = new Vm(nextVmId++, pending.flavor, flavor.vcpus, flavor.ramMiB, flavor.diskGiB, pending.time,
      pending.lifetime, pending.haPriority, pending.time >= scenario.warmup);
    request.vcpus = flavor.vcpus;
    request.ramMiB = flavor.ramMiB;
    request.diskGiB = flavor.diskGiB;
    vm.serverGroup = pending.serverGroup;
    vm.requiredHypervisor = request.hypervisor = pending.hypervisor;
    request.group = pending.groupPolicy === undefined ? undefined
      : nova.serverGroups.getOrCreate(pending.serverGroup, pending.groupPolicy, pending.maxServerPerHost);
    const outcome = nova.build(vm, request, sim.now);
    metrics.requestOutcome(vm, outcome);
    if (outcome === 'placed') {
      if (vm.departureTime <= scenario.horizon) vm.departureHandle = sim.at(vm.departureTime, departureKind, vm.id);
    } else {
      vm.state = 'rejected';
      vm.outcome = outcome;
      recordVm(vm);
    }
    scheduleNextArrival();
  }, { stream: true });
  const scheduleNextArrival = () => {
    if (source.next(pending) && pending.time <= scenario.horizon) sim.at(pending.time, arrivalKind);
  };
  scheduleNextArrival();

  const flavorShapes: FlavorShape[] = flavors.map((f) => ({ vcpus: f.vcpus, ramMiB: f.ramMiB, diskGiB: f.diskGiB,
    share: f.weight / flavors.reduce((s, g) => s + g.weight, 0) }));
  const capacity = new CapacitySampler(world.hosts, context.nodes, config, flavorShapes);
  const sampleKind = sim.defineEvent('sample', PRIORITY.sample, () => {
    metrics.sample(sim.now, capacity.sample(sim.now));
    if (sim.now + scenario.sampleInterval <= scenario.horizon) sim.schedule(scenario.sampleInterval, sampleKind);
  }, { stream: true });
  if (scenario.sampleInterval <= scenario.horizon) sim.at(scenario.sampleInterval, sampleKind);

  installFailures(context);
  installRecovery(context);

  sim.run(scenario.horizon);
  for (const hook of hooks.atHorizon) hook();
  for (const vm of world.vms.values()) {
    metrics.vmAtHorizon(vm);
    recordVm(vm);
  }
  const summary = metrics.summary();
  return {
    arm: arm.name,
    armIndex,
    replication,
    seed: scenario.seed,
    summary: { ...summary, events: sim.eventsProcessed },
    flavors: flavors.map((f, i) => ({ flavor: f.name, requests: metrics.flavorRequests[i], placed: metrics.flavorPlaced[i] })),
    timeseries: metrics.timeseries,
    vms: vmRows.sort((a, b) => (a[0] as number) - (b[0] as number)),
    events,
    eventsProcessed: sim.eventsProcessed,
  };
}
