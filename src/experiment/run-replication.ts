// Runs one arm of one replication: builds the world and the arm's platform, drives arrivals, departures, failures
// and samples to the horizon, and returns the run's rows.

import { Simulator } from '../engine/simulator.js';
import { createStream, type Rng } from '../engine/random-streams.js';
import { World } from '../model/world.js';
import { Vm } from '../model/vm.js';
import { Nova } from '../nova/nova.js';
import { resolveNovaConfig, type NovaConfig, type Release } from '../nova/release-profiles.js';
import type { ComputeNode } from '../nova/compute-node.js';
import type { Arm, Scenario } from '../scenario/schema.js';
import type { RequestSpec } from '../nova/request-spec.js';
import type { ServerGroup } from '../nova/server-group.js';
import { CapacitySampler, type FlavorShape } from '../metrics/capacity-sample.js';
import { round, RunMetrics, TIMESERIES_COLUMNS } from '../metrics/run-metrics.js';
import type { LoadedScenario } from '../scenario/load-scenario.js';
import { expectedLiveVms } from '../scenario/run-size.js';
import { createRequestSource, emptyRequest, type Request, type RequestSource } from '../workload/request-source.js';
import { initialPopulation } from '../workload/initial-population.js';
import { installFailures } from '../failures/install-failures.js';
import { installRecovery } from '../failures/install-recovery.js';
import { replicationStratum } from '../failures/group-outage-strata.js';
import { buildPlatform } from './build-platform.js';
import type { RunContext, RunHooks } from '../kernel/run-context.js';
import { departVm } from '../kernel/depart-vm.js';
import { DeparturePrefetcher } from '../kernel/departure-prefetcher.js';
import type { RecoveryPolicy } from '../kernel/recovery-policy.js';
import { VmLifecycle } from '../model/vm-lifecycle.js';
import { PRIORITY } from '../kernel/priority.js';
import { DEFAULT_RUN_OPTIONS, type RunOptions } from './run-options.js';
import { EVENT_COLUMNS, type RunResult } from './run-result.js';
import { CsvPartFile } from '../output/csv-part-file.js';
import { VmLogFile } from './vm-log.js';


export function runReplication(loaded: LoadedScenario, armIndex: number, replication: number,
  options: RunOptions = DEFAULT_RUN_OPTIONS): RunResult {
  const scenario = loaded.scenario;
  const arm = scenario.arms[armIndex];
  const config = resolveNovaConfig((arm.release ?? scenario.release) as Release, arm.nova);
  const world = new World(scenario.fleet, expectedLiveVms(scenario));
  const flavors = scenario.workload.flavors;
  const timeseriesFile = options.timeseries && options.timeseriesDir !== undefined
    ? new CsvPartFile(`${options.timeseriesDir}/timeseries.csv`, TIMESERIES_COLUMNS) : undefined;
  const metrics = new RunMetrics(flavors.length, scenario.warmup, scenario.horizon, arm.name, replication, options.timeseries,
    timeseriesFile);
  const context = new ReplicationContext(loaded, arm, armIndex, replication, config, world, metrics, options.eventLog,
    options.eventLog && options.eventLogDir !== undefined
      ? new CsvPartFile(`${options.eventLogDir}/events.csv`, EVENT_COLUMNS) : undefined);
  context.lifecycle.subscribe(metrics);
  const sim = context.sim, hooks = context.hooks;
  context.nodes.push(...buildPlatform(context));
  const nova = new Nova(context.nodes, config, context.policy('nova-scheduler'),
    options.eventLog ? (event, vm, host, detail) => context.log(event, vm.id, host, detail) : undefined,
    { fastPath: options.fastPath !== false });
  context.nova = nova;

  let initial = scenario.initialState === 'equilibrium' && !loaded.requestTrace
    ? initialPopulation(scenario, replication) : undefined;
  const source = createRequestSource(scenario, replication, loaded.requestTrace, initial?.groupsOpened);
  const own = new RunEvents(context, source, options);
  context.recordVm = (vm) => own.recordVm(vm);
  own.scheduleNextArrival();
  own.startSampling();

  installFailures(context);
  own.recovery = installRecovery(context);
  if (initial) own.placeInitial(initial.requests);
  // Its request objects (one per VM running at t = 0) would otherwise stay reachable from this frame all run.
  initial = undefined;

  sim.run(scenario.horizon);
  for (const hook of hooks.atHorizon) hook();
  if (options.vmLog) {
    for (const vm of world.vms.valuesOnce()) {
      context.lifecycle.atHorizon(vm);
      own.recordVm(vm);
    }
  } else {
    context.lifecycle.allAtHorizon();
  }
  own.vmLogFile?.finish();
  context.eventFile?.close();
  timeseriesFile?.close();
  const summary = metrics.summary();
  return {
    arm: arm.name,
    armIndex,
    replication,
    seed: scenario.seed,
    ...(scenario.stratify ? { stratum: replicationStratum(scenario.stratify.groupOutages.allocation, replication) } : {}),
    summary: { ...summary, events: sim.eventsProcessed },
    flavors: flavors.map((f, i) => ({ flavor: f.name, requests: metrics.flavorRequests[i], placed: metrics.flavorPlaced[i] })),
    timeseries: metrics.timeseries,
    ...(timeseriesFile ? { timeseriesFile: timeseriesFile.path } : {}),
    vms: own.vmRows.sort((a, b) => (a[0] as number) - (b[0] as number)),
    ...(own.vmLogFile ? { vmLogFile: own.vmLogFile.path } : {}),
    events: context.events,
    ...(context.eventFile ? { eventLogFile: context.eventFile.path } : {}),
    eventsProcessed: sim.eventsProcessed,
    warmupSeries: metrics.warmupSeries(),
  };
}

/** What the run's parts share (RunContext); a class, not an object literal (docs/performance.md, "stable shapes"). */
class ReplicationContext implements RunContext {
  readonly sim = new Simulator();
  nova = undefined as unknown as Nova;
  readonly nodes: ComputeNode[] = [];
  readonly hooks: RunHooks = { hostFailed: [], hostRepaired: [], capacityFreed: [], vmDeparted: [], atHorizon: [] };
  readonly scenario: Scenario;
  readonly lifecycle: VmLifecycle;
  /** events.csv rows, when the event log is on and has no file (eventFile). */
  readonly events: (string | number)[][] = [];
  recordVm?: (vm: Vm) => void;

  constructor(readonly loaded: LoadedScenario, readonly arm: Arm, readonly armIndex: number,
    readonly replication: number, readonly config: NovaConfig, readonly world: World, readonly metrics: RunMetrics,
    readonly logEnabled: boolean, readonly eventFile: CsvPartFile | undefined) {
    this.scenario = loaded.scenario;
    this.lifecycle = new VmLifecycle(world, this.scenario.horizon, this.sim);
  }

  exogenous(name: string): Rng {
    return createStream(this.scenario.seed, this.replication, name);
  }

  policy(name: string): Rng {
    return createStream(this.scenario.seed, this.replication, `arm/${this.arm.name}/${name}`);
  }

  log(event: string, vm: number | '', host: string, detail: string): void {
    if (!this.logEnabled) return;
    const row = [round(this.sim.now), this.arm.name, this.replication, event, vm, host, detail];
    if (this.eventFile) this.eventFile.write(row);
    else this.events.push(row);
  }
}

/**
 * The run's own events: arrivals (one pending request at a time, generated lazily from the exogenous streams),
 * departures and capacity samples; methods, not per-run closures (docs/performance.md, "call targets").
 */
class RunEvents {
  readonly vmRows: (string | number)[][] = [];
  /** Where the rows go instead of vmRows when RunOptions.vmLogDir is set. */
  readonly vmLogFile: VmLogFile | undefined;
  private readonly pending = emptyRequest();
  private readonly request = new ArrivalRequest();
  private nextVmId = 0;
  private readonly departureKind: number;
  private readonly arrivalKind: number;
  private sampleKind = -1;
  private capacity: CapacitySampler | undefined;
  /** Reads ahead what the next departures will touch (the sampler's marks too, once it samples). */
  private readonly readAhead: DeparturePrefetcher;
  /** The arm's recovery policy, once installed (it owns the count of pending recoveries). */
  recovery: RecoveryPolicy | undefined = undefined;
  /** recordVm when the VM log is on: a departure loads the Vm object only then, or for a recovery policy. */
  private readonly recordDeparted: ((vm: Vm) => void) | undefined;
  /**
   * Whether a placed VM is kept as its record only (World.keepAsRecord): no driver or index holds a Vm object past
   * the build (a vCenter cluster's admission terms, DRS's movable VMs and its room plans read the records, by id).
   */
  private readonly keepRecordsOnly: boolean;
  /**
   * The last arrival's Vm object when nothing holds it any more (kept as its record, or rejected, in a run that keeps
   * records only): the next arrival is built in it (Vm.reuse) instead of a new object.
   */
  private spare: Vm | undefined = undefined;

  constructor(private readonly context: RunContext, private readonly source: RequestSource,
    private readonly options: RunOptions) {
    this.departureKind = context.sim.defineEvent('departure', PRIORITY.departure, this.depart.bind(this));
    this.readAhead = new DeparturePrefetcher(context, this.departureKind);
    context.sim.prefetchWith(this.readAhead);
    this.arrivalKind = context.sim.defineEvent('arrival', PRIORITY.arrival, this.arrive.bind(this), { stream: true });
    this.recordDeparted = options.vmLog ? this.recordVm.bind(this) : undefined;
    this.keepRecordsOnly = options.keepRecordsOnly !== false;
    this.vmLogFile = options.vmLog && options.vmLogDir !== undefined
      ? new VmLogFile(options.vmLogDir, context.arm.name, context.replication, context.scenario.workload.flavors,
        context.world.hosts, context.nodes)
      : undefined;
  }

  depart(id: number, slot: number): void {
    departVm(this.context, id, slot, this.recordDeparted);
  }

  arrive(): void {
    this.admit(this.pending);
    this.scheduleNextArrival();
  }

  /** The equilibrium start's VMs, built one by one in arrival order at t = 0, before any event. */
  placeInitial(requests: readonly Request[]): void {
    for (const r of requests) this.admit(r);
  }

  /** Builds one request's VM now and schedules its departure (or records its rejection). */
  private admit(pending: Request): void {
    const { scenario, nova, metrics, sim } = this.context;
    const request = this.request;
    const flavor = scenario.workload.flavors[pending.flavor];
    let vm = this.spare;
    if (vm === undefined) {
      vm = new Vm(this.nextVmId++, pending.flavor, flavor.vcpus, flavor.ramMiB, flavor.diskGiB, pending.time,
        pending.lifetime, pending.haPriority, pending.time >= scenario.warmup);
    } else {
      this.spare = undefined;
      vm.reuse(this.nextVmId++, pending.flavor, flavor.vcpus, flavor.ramMiB, flavor.diskGiB, pending.time,
        pending.lifetime, pending.haPriority, pending.time >= scenario.warmup);
    }
    request.vcpus = flavor.vcpus;
    request.ramMiB = flavor.ramMiB;
    request.diskGiB = flavor.diskGiB;
    vm.serverGroup = pending.serverGroup;
    vm.memReservationMiB = flavor.extraSpecs?.['quota:memory_reservation'] ?? 0;
    vm.cpuReservationMhz = flavor.extraSpecs?.['quota:cpu_reservation'] ?? 0;
    vm.bootFromVolume = pending.bootFromVolume || flavor.bootFromVolume === true;
    vm.requiredHypervisor = request.hypervisor = pending.hypervisor;
    request.group = pending.groupPolicy === undefined ? undefined
      : nova.serverGroups.getOrCreate(pending.serverGroup, pending.groupPolicy, pending.maxServerPerHost);
    const outcome = nova.build(vm, request, sim.now);
    metrics.requestOutcome(vm, outcome);
    if (outcome === 'placed') {
      // vm.departureTime, from the request: the Vm decodes its times (model/vm.ts).
      const departure = pending.time + pending.lifetime;
      if (departure <= scenario.horizon) sim.at(departure, this.departureKind, vm.id, vm.record);
      if (this.keepRecordsOnly && vm.plain) {
        this.context.world.keepAsRecord(vm);
        this.spare = vm;
      }
    } else {
      vm.state = 'rejected';
      vm.outcome = outcome;
      this.recordVm(vm);
      // A rejected VM is in no table: the metrics and the VM log copied what they needed.
      if (this.keepRecordsOnly) this.spare = vm;
    }
  }

  scheduleNextArrival(): void {
    const pending = this.pending;
    if (this.source.next(pending) && pending.time <= this.context.scenario.horizon) {
      this.context.sim.at(pending.time, this.arrivalKind);
    }
  }

  /** Builds the capacity sampler and schedules the first sample (after the first arrival: same event order as ever). */
  startSampling(): void {
    const { scenario, world, nodes, config, sim } = this.context;
    const flavors = scenario.workload.flavors;
    const totalWeight = flavors.reduce((s, g) => s + g.weight, 0);
    const flavorShapes: FlavorShape[] = flavors.map((f) => ({ vcpus: f.vcpus, ramMiB: f.ramMiB, diskGiB: f.diskGiB,
      share: f.weight / totalWeight, memReservationMiB: f.extraSpecs?.['quota:memory_reservation'] ?? 0,
      cpuReservationMhz: f.extraSpecs?.['quota:cpu_reservation'] ?? 0 }));
    this.capacity = new CapacitySampler(world.hosts, nodes, config, flavorShapes, world);
    this.readAhead.listener = this.capacity;
    this.sampleKind = sim.defineEvent('sample', PRIORITY.sample, this.sample.bind(this), { stream: true });
    if (scenario.sampleInterval <= scenario.horizon) sim.at(scenario.sampleInterval, this.sampleKind);
  }

  sample(): void {
    const { sim, metrics, scenario } = this.context;
    metrics.sample(sim.now, (this.capacity as CapacitySampler).sample(sim.now), this.recovery?.pending ?? 0);
    if (sim.now + scenario.sampleInterval <= scenario.horizon) sim.schedule(scenario.sampleInterval, this.sampleKind);
  }

  /** Appends the VM's vms.csv row when the VM log is on. */
  recordVm(vm: Vm): void {
    if (!this.options.vmLog) return;
    if (this.vmLogFile) return this.vmLogFile.record(vm);
    const { scenario, arm, replication, world, nodes } = this.context;
    this.vmRows.push([vm.id, arm.name, replication, scenario.workload.flavors[vm.flavor].name, round(vm.arrival),
      vm.outcome ?? '', vm.host >= 0 ? world.hosts[vm.host].name : '',
      vm.computeNode >= 0 ? nodes[vm.computeNode].name : '', vm.attempts, round(vm.downtimeS), vm.recoveries,
      vm.dataLost ? 1 : 0]);
  }
}

/** The request spec of the arrival being built (reused); a class for the reason given at EmptyRequest
 *  (workload/request-source.ts). */
class ArrivalRequest implements RequestSpec {
  vcpus = NaN;
  ramMiB = NaN;
  diskGiB = NaN;
  az: string | undefined = undefined;
  hypervisor: 'kvm' | 'vmware' | undefined = undefined;
  group: ServerGroup | undefined = undefined;
}
