// Everything measured in one run (arm × replication): request counters, recovery outcomes, downtime, and
// capacity samples. Counts only requests that arrive after warm-up; samples only at t ≥ warm-up.

import { quantileSorted } from 'd3-array';
import type { Vm } from '../model/vm.js';
import type { BuildOutcome } from '../nova/nova.js';
import type { CapacitySample } from './capacity-sample.js';

export const TIMESERIES_COLUMNS = [
  'time_s', 'arm', 'replication', 'running_vms', 'down_vms', 'hosts_up', 'ram_used_mib', 'ram_free_mib',
  'largest_free_ram_mib', 'nova_visible_free_ram_mib', 'phantom_ram_mib', 'frag_index', 'stranded_ram_frac', 'imbalance',
  'pending_recoveries', 'cum_requests', 'cum_rejected', 'overcommitted_ram_mib', 'vms_on_overcommitted_hosts',
] as const;

// Indices of RunMetrics' sums over samples.
const SUM_RAM_UTIL = 0, SUM_FRAG = 1, SUM_STRANDED = 2, SUM_IMBALANCE = 3, SUM_LARGEST_FREE = 4;
const SUM_NOVA_VISIBLE_FREE = 5, SUM_PHANTOM = 6, SUM_DOWN_VMS = 7, SUM_OVERCOMMITTED = 8, SUM_VMS_ON_UP = 9;
const SUM_VMS_OVERCOMMITTED = 10, SUM_COUNT = 11;

export class RunMetrics {
  requests = 0;
  placed = 0;
  rejectedNoValidHost = 0;
  rejectedLate = 0;
  rejectedAdmission = 0;
  readonly flavorRequests: Float64Array;
  readonly flavorPlaced: Float64Array;

  hostFailures = 0;
  vmsAffected = 0;
  vmsRecovered = 0;
  vmsLost = 0;
  vmsDataLost = 0;
  /** Affected VMs whose lifetime ended while down, and those still down at the horizon (counted VMs). */
  vmsDepartedDown = 0;
  vmsDownAtHorizon = 0;
  readonly recoveryLatencies: number[] = [];
  /** VM-seconds of downtime and of lifetime within the horizon, over counted VMs. */
  downtimeS = 0;
  lifetimeS = 0;
  migrations = 0;
  migratedGiB = 0;
  /** Current number of VMs waiting for or undergoing recovery (set by the recovery policy). */
  pendingRecoveries = 0;
  runningVms = 0;
  downVms = 0;
  /**
   * Counts every VM brought back (counted or not). Of a VM's state changes it is the only one that can happen with
   * no change on any host (an HA power-on or a rebuild completes where the VM was already placed), so DRS adds it to
   * the hosts' change counters to tell whether anything changed since its last round.
   */
  vmRecoveries = 0;

  private samples = 0;
  /** Sums over samples, indexed by SUM_* (a typed array: doubles from the start; see SampleResult, capacity-sample). */
  private readonly sums = new Float64Array(SUM_COUNT);
  readonly timeseries: (string | number)[][] = [];

  constructor(
    flavorCount: number,
    private readonly warmup: number,
    private readonly horizon: number,
    private readonly armName: string,
    private readonly replication: number,
    private readonly keepTimeseries: boolean,
  ) {
    this.flavorRequests = new Float64Array(flavorCount);
    this.flavorPlaced = new Float64Array(flavorCount);
  }

  requestOutcome(vm: Vm, outcome: BuildOutcome): void {
    if (outcome === 'placed') this.runningVms++;
    if (!vm.counted) return;
    this.requests++;
    this.flavorRequests[vm.flavor]++;
    switch (outcome) {
      case 'placed':
        this.placed++;
        this.flavorPlaced[vm.flavor]++;
        break;
      case 'rejected_no_valid_host':
        this.rejectedNoValidHost++;
        break;
      case 'rejected_late':
        this.rejectedLate++;
        break;
      case 'rejected_admission':
        this.rejectedAdmission++;
        break;
    }
  }

  /** The VM's host failed. */
  vmDown(vm: Vm, now: number): void {
    vm.state = 'down';
    vm.downSince = now;
    vm.failures++;
    this.runningVms--;
    this.downVms++;
    if (vm.counted) this.vmsAffected++;
  }

  /** The VM runs again (HA restart, evacuation, or its host came back). */
  vmRecovered(vm: Vm, now: number, dataLost: boolean): void {
    const downtime = now - vm.downSince;
    vm.downtimeS += downtime;
    vm.state = 'running';
    this.vmRecoveries++;
    vm.downSince = -1;
    vm.recoveries++;
    this.runningVms++;
    this.downVms--;
    if (dataLost) vm.dataLost = true;
    if (!vm.counted) return;
    this.vmsRecovered++;
    this.downtimeS += downtime;
    this.recoveryLatencies.push(downtime);
    if (dataLost) this.vmsDataLost++;
  }

  /**
   * The VM will never run again: its downtime, and its lifetime, run until it would have departed (or the horizon).
   */
  vmLost(vm: Vm): void {
    const end = Math.min(vm.departureTime, this.horizon);
    const downtime = Math.max(0, end - vm.downSince);
    vm.downtimeS += downtime;
    vm.state = 'lost';
    vm.outcome = 'lost';
    this.downVms--;
    if (!vm.counted) return;
    this.vmsLost++;
    this.downtimeS += downtime;
    this.lifetimeS += end - vm.arrival;
  }

  /** The VM's lifetime ended (the user deleted it), whether running or down. */
  vmDeparted(vm: Vm, now: number): void {
    if (vm.state === 'down') {
      const downtime = now - vm.downSince;
      vm.downtimeS += downtime;
      this.downVms--;
      if (vm.counted) {
        this.downtimeS += downtime;
        this.vmsDepartedDown++;
      }
    } else {
      this.runningVms--;
    }
    vm.state = 'departed';
    vm.outcome = 'departed';
    if (vm.counted) this.lifetimeS += now - vm.arrival;
  }

  /**
   * vmDeparted() for a VM that has been running on its first host (World.plainHost), from its record (World.records):
   * the same counts, without loading the Vm object (whose state and outcome stay as they were: the VM is forgotten).
   */
  vmDepartedPlain(counted: boolean, arrival: number, now: number): void {
    this.runningVms--;
    if (counted) this.lifetimeS += now - arrival;
  }

  /** At the horizon: VMs still alive contribute their lifetime and open downtime so far. */
  vmAtHorizon(vm: Vm): void {
    if (vm.state === 'down') {
      const downtime = this.horizon - vm.downSince;
      vm.downtimeS += downtime;
      if (vm.counted) {
        this.downtimeS += downtime;
        this.vmsDownAtHorizon++;
      }
      vm.outcome = 'down';
    } else {
      vm.outcome = 'running';
    }
    if (vm.counted) this.lifetimeS += this.horizon - vm.arrival;
  }

  sample(now: number, s: CapacitySample): void {
    if (now < this.warmup) return;
    this.samples++;
    const sums = this.sums;
    sums[SUM_RAM_UTIL] += s.ramCapMiB > 0 ? s.ramUsedMiB / s.ramCapMiB : 0;
    sums[SUM_FRAG] += s.fragIndex;
    sums[SUM_STRANDED] += s.strandedRamFrac;
    sums[SUM_IMBALANCE] += s.imbalance;
    sums[SUM_LARGEST_FREE] += s.largestFreeRamMiB;
    sums[SUM_NOVA_VISIBLE_FREE] += s.novaVisibleFreeRamMiB;
    sums[SUM_PHANTOM] += s.phantomRamMiB;
    sums[SUM_DOWN_VMS] += this.downVms;
    sums[SUM_OVERCOMMITTED] += s.overcommittedRamMiB;
    sums[SUM_VMS_ON_UP] += s.vmsOnUpHosts;
    sums[SUM_VMS_OVERCOMMITTED] += s.vmsOnOvercommittedHosts;
    if (!this.keepTimeseries) return;
    this.timeseries.push([
      round(now), this.armName, this.replication, this.runningVms, this.downVms, s.hostsUp, round(s.ramUsedMiB),
      round(s.ramFreeMiB), round(s.largestFreeRamMiB), round(s.novaVisibleFreeRamMiB), round(s.phantomRamMiB),
      round(s.fragIndex), round(s.strandedRamFrac), round(s.imbalance), this.pendingRecoveries, this.requests,
      this.rejectedNoValidHost + this.rejectedLate + this.rejectedAdmission, round(s.overcommittedRamMiB),
      s.vmsOnOvercommittedHosts,
    ]);
  }

  /** The summary.csv values of this run, after the horizon. */
  summary(): Record<string, number> {
    const rejected = this.rejectedNoValidHost + this.rejectedLate + this.rejectedAdmission;
    const latencies = [...this.recoveryLatencies].sort((a, b) => a - b);
    const q = (p: number) => (latencies.length > 0 ? (quantileSorted(latencies, p) as number) : NaN);
    const n = this.samples;
    const avg = (x: number) => (n > 0 ? x / n : NaN);
    return {
      requests: this.requests,
      placed: this.placed,
      rejected_no_valid_host: this.rejectedNoValidHost,
      rejected_late: this.rejectedLate,
      rejected_admission: this.rejectedAdmission,
      rejection_rate: this.requests > 0 ? rejected / this.requests : NaN,
      host_failures: this.hostFailures,
      vms_affected: this.vmsAffected,
      vms_recovered: this.vmsRecovered,
      vms_lost: this.vmsLost,
      vms_data_lost: this.vmsDataLost,
      vms_departed_down: this.vmsDepartedDown,
      vms_down_at_horizon: this.vmsDownAtHorizon,
      recovery_p50_s: q(0.5),
      recovery_p95_s: q(0.95),
      recovery_max_s: latencies.length > 0 ? latencies[latencies.length - 1] : NaN,
      vm_downtime_h: this.downtimeS / 3600,
      availability: this.lifetimeS > 0 ? 1 - this.downtimeS / this.lifetimeS : NaN,
      migrations: this.migrations,
      migrated_gib: this.migratedGiB,
      mean_ram_util: avg(this.sums[SUM_RAM_UTIL]),
      mean_frag_index: avg(this.sums[SUM_FRAG]),
      mean_stranded_ram_frac: avg(this.sums[SUM_STRANDED]),
      mean_imbalance: avg(this.sums[SUM_IMBALANCE]),
      mean_largest_free_ram_mib: avg(this.sums[SUM_LARGEST_FREE]),
      mean_nova_visible_free_ram_mib: avg(this.sums[SUM_NOVA_VISIBLE_FREE]),
      mean_phantom_ram_mib: avg(this.sums[SUM_PHANTOM]),
      mean_down_vms: avg(this.sums[SUM_DOWN_VMS]),
      mean_overcommitted_ram_mib: avg(this.sums[SUM_OVERCOMMITTED]),
      overcommitted_vm_share: this.sums[SUM_VMS_ON_UP] > 0
        ? this.sums[SUM_VMS_OVERCOMMITTED] / this.sums[SUM_VMS_ON_UP] : n > 0 ? 0 : NaN,
    };
  }
}

/** Rounds to 6 significant decimals so CSVs do not carry float noise. */
export function round(x: number): number {
  if (!Number.isFinite(x) || Number.isInteger(x)) return x;
  return Math.round(x * 1e6) / 1e6;
}
