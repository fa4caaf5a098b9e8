// Nova's view of nova-compute liveness: heartbeats every report_interval on a fixed grid, so a service that dies at
// t was last heard from at ⌊t / report_interval⌋ · report_interval and ComputeFilter sees it down service_down_time
// after that. A service is dead while any cause holds (its KVM host is down, a management-plane outage).

import type { ComputeNode } from '../nova/compute-node.js';

export class NovaServiceLiveness {
  private readonly deadCauses: Int32Array;

  constructor(private readonly nodes: readonly ComputeNode[], private readonly reportInterval: number) {
    this.deadCauses = new Int32Array(nodes.length);
  }

  /** One more reason for the node's service to be dead; the first one stops its heartbeats. */
  died(node: ComputeNode, now: number): void {
    if (this.deadCauses[node.id]++ === 0) node.lastHeartbeat = lastHeartbeatAt(now, this.reportInterval);
  }

  /** One reason fewer; with none left the service starts and heartbeats again. */
  revived(node: ComputeNode): void {
    if (this.deadCauses[node.id] === 0) return;
    if (--this.deadCauses[node.id] === 0) node.lastHeartbeat = Infinity;
  }

  isDead(node: ComputeNode): boolean {
    return this.deadCauses[node.id] > 0;
  }
}

/** The last heartbeat a service dying at `now` sent (a heartbeat due at that very instant is sent). */
export function lastHeartbeatAt(now: number, reportInterval: number): number {
  return Math.floor(now / reportInterval + 1e-9) * reportInterval;
}

/** When ComputeFilter (and the evacuate API) first sees a service dead at `now` as down. */
export function serviceSeenDownAt(now: number, reportInterval: number, serviceDownTime: number): number {
  return lastHeartbeatAt(now, reportInterval) + serviceDownTime;
}
