// The VM lifecycle: placed → down (its host failed) → recovering (a recovery policy started an evacuation or a
// restart; still down) → recovered (running again), possibly after its recovery policy gave up (it stays registered
// and down until someone starts it); departed (its lifetime ended) or still alive at the horizon. Each transition changes the VM (state, downtime, outcome) and its record in one place, then tells the
// subscribed listeners (run metrics count what they are told). Releasing what a departing VM holds on hosts and in
// Nova is the caller's (kernel/depart-vm.ts), before departed(). No transition deletes a VM that has not departed.

import type { Simulator } from '../engine/simulator.js';
import type { Vm } from './vm.js';
import type { World } from './world.js';

/** Told of every transition, with the amounts it adds; an object with methods (docs/performance.md, "call targets"). */
export interface VmLifecycleListener {
  /** The outage starts now (`startS`). */
  vmDown(counted: boolean, startS: number): void;
  /** `gaveUp`: the outage that ends is one a recovery policy had given up on; the outage was [now − downtimeS, now]. */
  vmRecovered(counted: boolean, downtimeS: number, dataLost: boolean, gaveUp: boolean, now: number): void;
  /** A recovery policy gave up on the VM's outage, which started at `startS` (it stays down). */
  vmGaveUp(counted: boolean, startS: number): void;
  /**
   * A recovery policy started acting on the down VM (`how`: 'evacuation', 'ha-restart', or a plug-in policy's word);
   * told once per attempt. Optional: run metrics count outcomes, not attempts.
   */
  vmRecovering?(vm: Vm, now: number, how: string): void;
  /** The VM lived [now − lifetimeS, now]; when down, its last outage was [now − downtimeS, now]. */
  vmDeparted(counted: boolean, wasDown: boolean, downtimeS: number, lifetimeS: number, gaveUp: boolean, now: number): void;
  vmAtHorizon(counted: boolean, wasDown: boolean, downtimeS: number, lifetimeS: number, gaveUp: boolean): void;
}

export class VmLifecycle {
  /**
   * Every VM brought back so far (counted or not). Of a VM's transitions it is the only one that can happen with no
   * change on any host (an HA power-on or a rebuild completes where the VM was already placed), so DRS adds it to
   * the hosts' change counters to tell whether anything changed since its last round.
   */
  recoveries = 0;
  /**
   * Per host id, how often a VM placed there went down or ran again: with the host's change counter (which counts
   * VMs coming and going), it tells a cache of a host's running VMs whether it is still current.
   */
  readonly stateChanges: Int32Array;
  private readonly listeners: VmLifecycleListener[] = [];

  constructor(private readonly world: World, private readonly horizon: number, private readonly sim: Simulator) {
    this.stateChanges = new Int32Array(world.hosts.length);
  }

  subscribe(listener: VmLifecycleListener): void {
    this.listeners.push(listener);
  }

  /** The VM's host failed. */
  down(vm: Vm, now: number): void {
    vm.state = 'down';
    if (vm.host >= 0) this.stateChanges[vm.host]++;
    vm.downSince = now;
    vm.failures++;
    this.world.records.setDownSince(vm.record, now);
    for (const listener of this.listeners) listener.vmDown(vm.counted, now);
  }

  /** The VM runs again (HA restart, evacuation, or its host came back). */
  recovered(vm: Vm, now: number, dataLost: boolean): void {
    const downtime = now - vm.downSince;
    const gaveUp = vm.gaveUp;
    vm.downtimeS += downtime;
    vm.state = 'running';
    if (vm.host >= 0) this.stateChanges[vm.host]++;
    this.recoveries++;
    vm.downSince = -1;
    vm.gaveUp = false;
    this.world.records.setDownSince(vm.record, -1);
    this.world.records.setGaveUp(vm.record, false);
    vm.recoveries++;
    if (dataLost) vm.dataLost = true;
    for (const listener of this.listeners) listener.vmRecovered(vm.counted, downtime, dataLost, gaveUp, now);
  }

  /**
   * A recovery policy started acting on the down VM: an evacuation's rebuild or an HA power-on began (once per
   * attempt). The VM stays down until recovered(); nothing it holds changes here.
   */
  recovering(vm: Vm, now: number, how: string): void {
    for (const listener of this.listeners) listener.vmRecovering?.(vm, now, how);
  }

  /** The VM's recovery policy gave up on its outage: it stays registered and down until someone starts it. */
  gaveUp(vm: Vm): void {
    vm.gaveUp = true;
    this.world.records.setGaveUp(vm.record, true);
    for (const listener of this.listeners) listener.vmGaveUp(vm.counted, vm.downSince);
  }

  /**
   * The lifetime of the VM with this id and record slot ended (the user deleted it), whether running or down; the
   * caller has released its resources. Computed from the record; `vm` is the Vm object when a caller needs it
   * updated (vms.csv, recovery policies), undefined otherwise (docs/performance.md, "cold objects"). The time is the
   * simulator's, read here rather than passed (docs/performance.md, "inlining budget").
   */
  departed(vmId: number, slot: number, vm: Vm | undefined): void {
    const now = this.sim.now, records = this.world.records;
    const downSince = records.downSince(slot), wasDown = downSince >= 0;
    const downtime = wasDown ? now - downSince : 0;
    const counted = records.counted(slot), gaveUp = records.gaveUp(slot);
    const lifetime = now - records.arrival(slot);
    this.world.forget(vmId, slot);
    if (vm !== undefined) departedObject(vm, wasDown, downtime);
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) listeners[i].vmDeparted(counted, wasDown, downtime, lifetime, gaveUp, now);
  }

  /**
   * atHorizon() for every live VM in insertion order, when nothing needs their objects afterwards (no VM log): a VM
   * kept as its record only (World.keepAsRecord) is running, never down since, and has default side fields, so it
   * contributes its lifetime from the record without its object being rebuilt.
   */
  allAtHorizon(): void {
    const vms = this.world.vms, records = this.world.records;
    for (const slot of vms.liveSlotsInOrder()) {
      const vm = vms.objectAt(slot);
      if (vm !== null) this.atHorizon(vm);
      else this.runningAtHorizon(records.counted(slot), records.arrival(slot));
    }
  }

  private runningAtHorizon(counted: boolean, arrival: number): void {
    for (const listener of this.listeners) listener.vmAtHorizon(counted, false, 0, this.horizon - arrival, false);
  }

  /** At the horizon: a VM still alive contributes its lifetime and open downtime so far. */
  atHorizon(vm: Vm): void {
    const wasDown = vm.state === 'down';
    const downtime = wasDown ? this.horizon - vm.downSince : 0;
    if (wasDown) {
      vm.downtimeS += downtime;
      vm.outcome = 'down';
    } else {
      vm.outcome = 'running';
    }
    for (const listener of this.listeners) {
      listener.vmAtHorizon(vm.counted, wasDown, downtime, this.horizon - vm.arrival, vm.gaveUp);
    }
  }
}

/** departed()'s changes to the Vm object, when a caller needs it (docs/performance.md, "inlining budget"). */
function departedObject(vm: Vm, wasDown: boolean, downtime: number): void {
  if (wasDown) vm.downtimeS += downtime;
  vm.state = 'departed';
  vm.outcome = 'departed';
  vm.host = -1;
  vm.computeNode = -1;
  vm.record = -1;
}
