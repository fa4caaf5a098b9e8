// Everything measured in one run (arm × replication): request counters, recovery outcomes, downtime, and capacity
// samples. It counts what it is told (requests, the VM lifecycle's transitions, samples) and changes nothing; no
// policy reads it. Counts only requests that arrive after warm-up; samples only at t ≥ warm-up; outages of every VM
// that start within [warm-up, horizon]; downtime and VM lifetime of every VM within [warm-up, horizon], so downtime is
// the integral of the timeseries' down_vms.

import { quantileSorted } from 'd3-array';
import type { Vm } from '../model/vm.js';
import type { VmLifecycleListener } from '../model/vm-lifecycle.js';
import type { BuildOutcome } from '../nova/nova.js';
import type { CapacitySample } from './capacity-sample.js';
import { grown } from '../engine/typed-arrays.js';

export const TIMESERIES_COLUMNS = [
  'time_s', 'arm', 'replication', 'running_vms', 'down_vms', 'hosts_up', 'ram_used_mib', 'ram_free_mib',
  'largest_free_ram_mib', 'nova_visible_free_ram_mib', 'phantom_ram_mib', 'frag_index', 'stranded_ram_frac', 'imbalance',
  'pending_recoveries', 'cum_requests', 'cum_rejected', 'overcommitted_ram_mib', 'vms_on_overcommitted_hosts',
  'ram_util_physical', 'ram_util_committed', 'admission_ram_free_mib', 'admission_frag_index',
] as const;

// Indices of RunMetrics' sums over samples.
const SUM_RAM_UTIL = 0, SUM_FRAG = 1, SUM_STRANDED = 2, SUM_IMBALANCE = 3, SUM_LARGEST_FREE = 4;
const SUM_NOVA_VISIBLE_FREE = 5, SUM_PHANTOM = 6, SUM_DOWN_VMS = 7, SUM_OVERCOMMITTED = 8, SUM_VMS_ON_UP = 9;
const SUM_VMS_OVERCOMMITTED = 10, SUM_RUNNING_VMS = 11, SUM_RAM_UTIL_PHYSICAL = 12, SUM_RAM_UTIL_COMMITTED = 13;
const SUM_FREE = 14, SUM_ADMISSION_FREE = 15, SUM_ADMISSION_FRAG = 16, SUM_COUNT = 17;

export class RunMetrics implements VmLifecycleListener {
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
  /** Outages whose VM's lifetime ended while down, and those still down at the horizon (outages in the window). */
  vmsDepartedDown = 0;
  vmsDownAtHorizon = 0;
  /** Outages in the window a recovery policy gave up on (vSphere HA after its last retry), and the downtime of every
   *  given-up outage within [warm-up, horizon]. */
  vmsGaveUp = 0;
  gaveUpDowntimeS = 0;
  readonly recoveryLatencies: number[] = [];
  /** VM-seconds of downtime and of lifetime within [warm-up, horizon], over every VM (counted or not); NaN here and 0
   *  from the constructor, so they are double fields from the first run (docs/performance.md, "stable shapes"). */
  downtimeS = NaN;
  lifetimeS = NaN;
  migrations = 0;
  migratedGiB = 0;
  runningVms = 0;
  downVms = 0;

  private samples = 0;
  /** Every sample from t = 0, warm-up included, for the warm-up diagnostic (MSER-5). */
  private readonly series = new WarmupSeries();
  /** Correlated group outages and host repairs in the run (the rare-event strata of comparison.csv). */
  groupOutages = 0;
  hostRepairs = 0;

  /** Running VMs and utilisation at every sample from t = 0. */
  warmupSeries(): WarmupSeriesData {
    return this.series.toSeries();
  }
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
    /** Where timeseries rows go instead of `timeseries` (a file written as the run goes). */
    private readonly timeseriesSink?: { write(row: (string | number)[]): void },
  ) {
    this.downtimeS = this.lifetimeS = 0;
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

  // The VM lifecycle's transitions (model/vm-lifecycle.ts), with the amounts they add.

  // Outage counts (affected, recovered, gave up, data lost, recovery times, departed or down at the horizon) take every
  // VM's outages that start within [warm-up, horizon], as downtime takes every VM's: a VM placed before warm-up or at
  // the equilibrium start fails like any other.
  vmDown(_counted: boolean, startS: number): void {
    this.runningVms--;
    this.downVms++;
    if (startS >= this.warmup) this.vmsAffected++;
  }

  vmRecovered(_counted: boolean, downtimeS: number, dataLost: boolean, gaveUp: boolean, now: number): void {
    this.runningVms++;
    this.downVms--;
    const inWindow = this.inWindow(downtimeS, now);
    this.downtimeS += inWindow;
    if (gaveUp) this.gaveUpDowntimeS += inWindow;
    if (now - downtimeS < this.warmup) return;
    this.vmsRecovered++;
    this.recoveryLatencies.push(downtimeS);
    if (dataLost) this.vmsDataLost++;
  }

  vmGaveUp(_counted: boolean, startS: number): void {
    if (startS >= this.warmup) this.vmsGaveUp++;
  }

  vmDeparted(_counted: boolean, wasDown: boolean, downtimeS: number, lifetimeS: number, gaveUp: boolean, now: number): void {
    if (wasDown) {
      this.downVms--;
      const inWindow = this.inWindow(downtimeS, now);
      this.downtimeS += inWindow;
      if (gaveUp) this.gaveUpDowntimeS += inWindow;
      if (now - downtimeS >= this.warmup) this.vmsDepartedDown++;
    } else {
      this.runningVms--;
    }
    this.lifetimeS += this.inWindow(lifetimeS, now);
  }

  vmAtHorizon(_counted: boolean, wasDown: boolean, downtimeS: number, lifetimeS: number, gaveUp: boolean): void {
    if (wasDown) {
      const inWindow = this.inWindow(downtimeS, this.horizon);
      this.downtimeS += inWindow;
      if (gaveUp) this.gaveUpDowntimeS += inWindow;
      if (this.horizon - downtimeS >= this.warmup) this.vmsDownAtHorizon++;
    }
    this.lifetimeS += this.inWindow(lifetimeS, this.horizon);
  }

  /** The part of the interval [end − durationS, end] inside the measurement window [warm-up, horizon]. */
  private inWindow(durationS: number, end: number): number {
    const start = end - durationS;
    if (start >= this.warmup && end <= this.horizon) return durationS;
    return Math.max(0, Math.min(end, this.horizon) - Math.max(start, this.warmup));
  }

  /** A capacity sample; `pendingRecoveries` is what the arm's recovery policy has in hand. */
  sample(now: number, s: CapacitySample, pendingRecoveries: number): void {
    this.series.add(now, this.runningVms, s.ramCapMiB > 0 ? s.ramUsedMiB / s.ramCapMiB : 0);
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
    sums[SUM_RUNNING_VMS] += this.runningVms;
    const utilPhysical = s.ramUsableMiB > 0 ? s.ramUsedMiB / s.ramUsableMiB : 0;
    const utilCommitted = s.novaCapacityRamMiB > 0 ? s.novaUsedRamMiB / s.novaCapacityRamMiB : 0;
    sums[SUM_RAM_UTIL_PHYSICAL] += utilPhysical;
    sums[SUM_RAM_UTIL_COMMITTED] += utilCommitted;
    sums[SUM_FREE] += s.ramFreeMiB;
    sums[SUM_ADMISSION_FREE] += s.admissionRamFreeMiB;
    sums[SUM_ADMISSION_FRAG] += s.admissionFragIndex;
    if (!this.keepTimeseries) return;
    const row = [
      round(now), this.armName, this.replication, this.runningVms, this.downVms, s.hostsUp, round(s.ramUsedMiB),
      round(s.ramFreeMiB), round(s.largestFreeRamMiB), round(s.novaVisibleFreeRamMiB), round(s.phantomRamMiB),
      round(s.fragIndex), round(s.strandedRamFrac), round(s.imbalance), pendingRecoveries, this.requests,
      this.rejectedNoValidHost + this.rejectedLate + this.rejectedAdmission, round(s.overcommittedRamMiB),
      s.vmsOnOvercommittedHosts, round(utilPhysical), round(utilCommitted), round(s.admissionRamFreeMiB),
      round(s.admissionFragIndex),
    ];
    if (this.timeseriesSink) this.timeseriesSink.write(row);
    else this.timeseries.push(row);
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
      vms_ha_gave_up: this.vmsGaveUp,
      ha_gave_up_downtime_h: this.gaveUpDowntimeS / 3600,
      recovery_p50_s: q(0.5),
      recovery_p95_s: q(0.95),
      recovery_max_s: latencies.length > 0 ? latencies[latencies.length - 1] : NaN,
      vm_downtime_h: this.downtimeS / 3600,
      availability: this.lifetimeS > 0 ? 1 - this.downtimeS / this.lifetimeS : NaN,
      migrations: this.migrations,
      migrated_gib: this.migratedGiB,
      mean_ram_util: avg(this.sums[SUM_RAM_UTIL]),
      mean_ram_util_physical: avg(this.sums[SUM_RAM_UTIL_PHYSICAL]),
      mean_ram_util_committed: avg(this.sums[SUM_RAM_UTIL_COMMITTED]),
      mean_frag_index: avg(this.sums[SUM_FRAG]),
      mean_stranded_ram_frac: avg(this.sums[SUM_STRANDED]),
      mean_imbalance: avg(this.sums[SUM_IMBALANCE]),
      mean_free_ram_mib: avg(this.sums[SUM_FREE]),
      mean_largest_free_ram_mib: avg(this.sums[SUM_LARGEST_FREE]),
      mean_admission_frag_index: avg(this.sums[SUM_ADMISSION_FRAG]),
      mean_admission_free_ram_mib: avg(this.sums[SUM_ADMISSION_FREE]),
      mean_nova_visible_free_ram_mib: avg(this.sums[SUM_NOVA_VISIBLE_FREE]),
      mean_phantom_ram_mib: avg(this.sums[SUM_PHANTOM]),
      mean_down_vms: avg(this.sums[SUM_DOWN_VMS]),
      mean_overcommitted_ram_mib: avg(this.sums[SUM_OVERCOMMITTED]),
      overcommitted_vm_share: this.sums[SUM_VMS_ON_UP] > 0
        ? this.sums[SUM_VMS_OVERCOMMITTED] / this.sums[SUM_VMS_ON_UP] : n > 0 ? 0 : NaN,
      mean_running_vms: avg(this.sums[SUM_RUNNING_VMS]),
      group_outages: this.groupOutages,
      host_repairs: this.hostRepairs,
    };
  }
}

/** Rounds to 6 significant decimals so CSVs do not carry float noise. */
export function round(x: number): number {
  if (!Number.isFinite(x) || Number.isInteger(x)) return x;
  return Math.round(x * 1e6) / 1e6;
}

/** Running VMs and RAM utilisation at every sample from t = 0 (warm-up included). */
export interface WarmupSeriesData {
  times: Float64Array;
  runningVms: Float64Array;
  ramUtil: Float64Array;
}

/** The samples' times, running VMs and RAM utilisation from t = 0, grown by doubling. */
class WarmupSeries {
  length = 0;
  times = new Float64Array(64);
  running = new Float64Array(64);
  util = new Float64Array(64);

  add(time: number, running: number, util: number): void {
    if (this.length === this.times.length) {
      this.times = grown(this.times, this.length * 2);
      this.running = grown(this.running, this.length * 2);
      this.util = grown(this.util, this.length * 2);
    }
    this.times[this.length] = time;
    this.running[this.length] = running;
    this.util[this.length] = util;
    this.length++;
  }

  /** The samples as plain data (a run result crosses a worker-thread boundary). */
  toSeries(): WarmupSeriesData {
    return { times: this.times.slice(0, this.length), runningVms: this.running.slice(0, this.length),
      ramUtil: this.util.slice(0, this.length) };
  }
}
