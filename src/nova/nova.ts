// Nova's build flow (conductor + scheduler + compute): schedule, claim, spawn; on a failed build, release the claim
// and reschedule without the nodes already tried, up to max attempts (DOMAIN.md §2 "Retry").

import type { Rng } from '../engine/random-streams.js';
import type { Vm } from '../model/vm.js';
import { SPAWN_ADMISSION, type ComputeNode } from './compute-node.js';
import { FilterScheduler, type SchedulingTrace } from './filter-scheduler.js';
import type { NovaConfig } from './release-profiles.js';
import type { RequestSpec } from './request-spec.js';

export type BuildOutcome = 'placed' | 'rejected_no_valid_host' | 'rejected_late' | 'rejected_admission';

/** Receives one line per scheduling decision when the event log is on. */
export type DecisionLogger = (event: string, vm: Vm, host: string, detail: string) => void;

export class Nova {
  readonly scheduler: FilterScheduler;
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
    this.scheduler = new FilterScheduler(nodes, config, schedulerRng, options);
  }

  /** Builds a VM: on success the VM runs on a real host and Nova holds its claim on the node. */
  build(vm: Vm, request: RequestSpec, now: number): BuildOutcome {
    const tried = this.tried;
    tried.clear();
    let lastFailure: BuildOutcome = 'rejected_no_valid_host';
    while (vm.attempts < this.config.maxAttempts) {
      vm.attempts++;
      const trace: SchedulingTrace | undefined = this.log ? { removed: [], candidates: 0, winningScore: 0 } : undefined;
      const node = this.scheduler.select(request, now, tried, trace);
      if (!node) {
        this.log?.('no_valid_host', vm, '', trace ? describeTrace(trace) : '');
        return lastFailure;
      }
      node.claim(vm);
      const host = node.driver.spawn(vm, node);
      if (host >= 0) {
        vm.computeNode = node.id;
        this.log?.('placed', vm, node.name, trace ? describeTrace(trace) : '');
        return 'placed';
      }
      node.unclaim(vm);
      tried.add(node.id);
      lastFailure = host === SPAWN_ADMISSION ? 'rejected_admission' : 'rejected_late';
      this.log?.('build_failed', vm, node.name, `attempt=${vm.attempts} reason=${lastFailure}`);
    }
    return lastFailure;
  }

  /** Deletes a VM: frees its real resources and Nova's claim. */
  delete(vm: Vm): void {
    if (vm.computeNode < 0) return;
    const node = this.nodes[vm.computeNode];
    node.driver.destroy(vm, node);
    node.unclaim(vm);
    vm.computeNode = -1;
  }
}

function describeTrace(trace: SchedulingTrace): string {
  const removed = trace.removed.map((r) => `${r.stage}-${r.count}`).join(' ');
  return `${removed} candidates=${trace.candidates} score=${round(trace.winningScore)}`;
}

function round(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(6);
}
