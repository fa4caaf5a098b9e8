// Shortcuts in vsphere/ skip work whose outcome is known, and must change nothing: a DRS round is skipped when
// nothing it reads changed since a round that started no vMotion (DrsBalancer.signature), an HA restart pass skips
// the pending VMs when none of the waiting VMs fits on a usable host (VsphereHa.mayPlaceAny), DRS's move search
// bounds candidates and keeps each host's movable VMs between rounds (ImbalanceMoveSearch.best), and making room for
// an HA restart stops at once when the balanceable hosts' free room summed is too small (DrsBalancer.roomCannotExist)
// and plans for hosts in order of the memory missing on each, stopping plans that cannot win
// (DrsBalancer.orderRoomTargets). With all switched off (every round runs, every pass tries every VM, every move
// candidate is evaluated from the hosts' VMs, room is planned for every host in index order) storm scenarios must
// give the same rows, the event log included.
// Each part of DRS's signature is needed: a seeded mutant that drops the host counters or the VM recoveries fails.
// The VM mayPlaceAny names for DRS to make room for must be the highest-priority one: a mutant that names the lowest
// fails (the full run scans the waiting VMs again).

import { afterEach, describe, expect, it } from 'vitest';
import { runReplication } from '../../src/experiment/run-replication.js';
import { DrsBalancer } from '../../src/vsphere/drs-balancer.js';
import { ImbalanceMoveSearch } from '../../src/vsphere/imbalance-move-search.js';
import { VsphereHa } from '../../src/vsphere/vsphere-ha.js';
import { storm } from './storm.js';

// Private members, reached for the switch-off only.
const drs = DrsBalancer.prototype as unknown as { signature: (...args: unknown[]) => number;
  roomCannotExist: (...args: unknown[]) => boolean; orderRoomTargets: (count: number) => void };
const ha = VsphereHa.prototype as unknown as { mayPlaceAny: (...args: unknown[]) => boolean };
const originalSignature = drs.signature;
const originalRoomCannotExist = drs.roomCannotExist;
const originalOrderRoomTargets = drs.orderRoomTargets;
const originalMayPlaceAny = ha.mayPlaceAny;
const search = ImbalanceMoveSearch.prototype;
const originalBest = search.best;
afterEach(() => {
  drs.signature = originalSignature;
  drs.roomCannotExist = originalRoomCannotExist;
  drs.orderRoomTargets = originalOrderRoomTargets;
  ha.mayPlaceAny = originalMayPlaceAny;
  search.best = originalBest;
});

const options = { vmLog: true, eventLog: true, timeseries: true, fastPath: true };

describe('vSphere shortcuts', () => {
  it('skipped DRS rounds, HA passes, move candidates and room plans change no row of a storm (5 seeds, two admission policies, two restart delays)', () => {
    let migrations = 0, waited = 0, recovered = 0, madeRoom = 0, noRoom = 0;
    // A 12-minute power-on spans two DRS rounds, so VMs turn from down to running between rounds with no host change:
    // the case the recoveries term of DRS's signature is there for.
    for (const [admissionControl, restartDelay] of [['default', '30s'], ['none', '30s'], ['none', '12m']]) {
      for (let seed = 1; seed <= 5; seed++) {
        const loaded = storm(seed, admissionControl, restartDelay);
        drs.roomCannotExist = function (this: unknown, ...args: unknown[]) {
          const cannot = originalRoomCannotExist.apply(this, args);
          if (cannot) noRoom++;
          return cannot;
        };
        const fast = runReplication(loaded, 0, 0, options);
        drs.signature = () => Math.random();
        ha.mayPlaceAny = () => true;
        search.best = search.exhaustive;
        drs.roomCannotExist = () => false;
        drs.orderRoomTargets = () => undefined;
        const full = runReplication(loaded, 0, 0, options);
        drs.signature = originalSignature;
        ha.mayPlaceAny = originalMayPlaceAny;
        search.best = originalBest;
        drs.roomCannotExist = originalRoomCannotExist;
        drs.orderRoomTargets = originalOrderRoomTargets;
        expect(fast.summary).toEqual(full.summary);
        expect(fast.timeseries).toEqual(full.timeseries);
        expect(fast.vms).toEqual(full.vms);
        expect(fast.events).toEqual(full.events);
        migrations += fast.summary.migrations;
        waited += fast.events.filter((e) => e[3] === 'ha_waiting').length;
        recovered += fast.summary.vms_recovered;
        madeRoom += fast.events.filter((e) => e[3] === 'drs_make_room').length;
      }
    }
    // The storms exercise what the shortcuts skip: vMotions, HA restarts, and VMs waiting for capacity.
    expect(migrations).toBeGreaterThan(0);
    expect(recovered).toBeGreaterThan(0);
    expect(waited).toBeGreaterThan(0);
    expect(madeRoom).toBeGreaterThan(0);
    expect(noRoom).toBeGreaterThan(0);
  });
});
