// Nova's build flow (conductor + scheduler + compute): schedule, claim, spawn; on a failed build, release the claim
// and reschedule without the nodes already tried, up to max attempts (nova/scheduler/filter_scheduler.py
// FilterScheduler._populate_retry and filters/retry_filter.py @ 2013.1).

import type { Rng } from '../engine/random-streams.js';
import type { Vm } from '../model/vm.js';
import { ChanceScheduler } from './chance-scheduler.js';
import { SPAWN_ADMISSION, SPAWN_HOST_DOWN, type ComputeNode } from './compute-node.js';
import { FilterScheduler, type Scheduler, type SchedulingTrace } from './filter-scheduler.js';
import type { NovaConfig } from './release-profiles.js';
import type { RequestSpec } from './request-spec.js';
import { ServerGroups } from './server-group.js';

export type BuildOutcome = 'placed' | 'rejected_no_valid_host' | 'rejected_late' | 'rejected_admission';

/** Receives one line per scheduling decision when the event log is on. */
export type DecisionLogger = (event: string, vm: Vm, host: string, detail: string) => void;

export class Nova {
  readonly scheduler: Scheduler;
  readonly serverGroups = new ServerGroups();
  /** Build attempts allowed per request, first included. */
  readonly attemptsAllowed: number;
  /** Nodes tried by the build in progress (reused: builds do not nest). */
  private readonly tried = new Set<number>();

  constructor(
    readonly nodes: readonly ComputeNode[],
    readonly config: NovaConfig,
    schedulerRng: Rng,
    private readonly log?: DecisionLogger,
    options: { fastPath?: boolean } = {},
  ) {
    nodes.forEach((node, i) => {
      if (node.id !== i) throw new Error(`compute node ${node.name} has id ${node.id}, expected ${i}`);
    });
    this.scheduler = config.driver === 'chance'
      ? new ChanceScheduler(nodes, config, schedulerRng)
      : new FilterScheduler(nodes, config, schedulerRng, options);
    // Only FilterScheduler sets up retries: grizzly's _populate_retry lives in filter_scheduler.py and the compute
    // manager does not reschedule without it; queens' ChanceScheduler returns no alternates.
    this.attemptsAllowed = config.driver === 'chance' ? 1 : config.maxAttempts;
  }

  /**
   * Builds a VM: on success the VM runs on a real host and Nova holds its claim on the node. A request no node passes
   * on its first attempt is NoValidHost; one whose builds failed until attempts or candidates ran out is late (or
   * admission, when vSphere HA admission control refused the last power-on).
   */
  build(vm: Vm, request: RequestSpec, now: number): BuildOutcome {
    const tried = this.tried;
    if (tried.size > 0) tried.clear(); // clear() allocates a new table even when empty
    // Read once here, not on the rare paths below (docs/performance.md, "rare paths").
    const log = this.log;
    let lastFailure: BuildOutcome = 'rejected_no_valid_host';
    while (vm.attempts < this.attemptsAllowed) {
      vm.attempts++;
      const trace: SchedulingTrace | undefined = log ? { removed: [], candidates: 0, winningScore: 0 } : undefined;
      const node = this.scheduler.select(request, now, tried, trace);
      if (!node) {
        log?.('no_valid_host', vm, '', `attempt=${vm.attempts} ${describeTrace(trace)}`);
        return lastFailure;
      }
      node.claim(vm);
      const host = node.driver.spawn(vm, node);
      if (host >= 0) {
        vm.computeNode = node.id;
        node.failedBuilds = 0;
        if (request.group) request.group.members++;
        log?.('placed', vm, node.name, `attempt=${vm.attempts} ${describeTrace(trace)}`);
        return 'placed';
      }
      node.unclaim(vm);
      // A dead compute never reports the failure; a live one counts it for BuildFailureWeigher.
      if (host !== SPAWN_HOST_DOWN) node.failedBuilds++;
      tried.add(node.id);
      lastFailure = host === SPAWN_ADMISSION ? 'rejected_admission' : 'rejected_late';
      log?.('build_failed', vm, node.name, `attempt=${vm.attempts} reason=${lastFailure} code=${host}`);
    }
    return lastFailure;
  }

  /**
   * Deletes a VM, given by its id, node, host, resources and server group (its record's fields, so that a departure
   * need not load the Vm object): frees its real resources, Nova's claim and its server-group membership.
   */
  delete(vmId: number, nodeId: number, hostId: number, vcpus: number, ramMiB: number, diskGiB: number,
    serverGroup: number): void {
    const node = this.nodes[nodeId];
    node.driver.destroy(vmId, hostId, vcpus, ramMiB, diskGiB);
    node.unclaimResources(vcpus, ramMiB, diskGiB, serverGroup);
    const group = this.serverGroups.get(serverGroup);
    if (group) group.members--;
  }

  /** The request spec Nova keeps for a VM (what evacuation or a rebuild reschedules with). */
  requestSpecOf(vm: Vm): RequestSpec {
    return {
      vcpus: vm.vcpus, ramMiB: vm.ramMiB, diskGiB: vm.diskGiB,
      hypervisor: vm.requiredHypervisor,
      group: this.serverGroups.get(vm.serverGroup),
    };
  }
}

function describeTrace(trace: SchedulingTrace | undefined): string {
  if (!trace) return '';
  const removed = trace.removed.map((r) => `${r.stage}-${r.count}`).join(' ');
  return `${removed} candidates=${trace.candidates} score=${round(trace.winningScore)}`;
}

function round(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(6);
}
