// Admission control arithmetic: percentage and slot policies, alone and through VCDriver.

import { describe, expect, it } from 'vitest';
import { defaultPercentage, percentageAdmits, slotAdmits, slotsAfterFailures, slotsPerHost } from '../../src/vsphere/admission-control.js';
import { group, testRun } from './harness.js';

const GiB = 1024;

describe('defaultPercentage(hosts) is one host\'s share, rounded up', () => {
  it.each([[1, 100], [2, 50], [3, 34], [4, 25], [8, 13], [16, 7], [32, 4]])('%i hosts → %i percent', (hosts, percent) => {
    expect(defaultPercentage(hosts)).toBe(percent);
  });
});

describe('percentageAdmits', () => {
  // 8 hosts × 64 GiB at 13 %: 512 GiB × 0.87 = 445.44 GiB may be reserved.
  const capacity = { cpuMhz: 8 * 8 * 2400, ramMiB: 8 * 64 * GiB };
  it.each([
    { reservedGiB: 444, requestGiB: 1, admitted: true },
    { reservedGiB: 444.44, requestGiB: 1, admitted: true },
    { reservedGiB: 445, requestGiB: 1, admitted: false },
    { reservedGiB: 0, requestGiB: 446, admitted: false },
  ])('$reservedGiB GiB reserved + $requestGiB GiB → $admitted', ({ reservedGiB, requestGiB, admitted }) => {
    expect(percentageAdmits(capacity, { cpuMhz: 0, ramMiB: reservedGiB * GiB }, { cpuMhz: 32, ramMiB: requestGiB * GiB }, 13))
      .toBe(admitted);
  });
  it('checks CPU as well as memory', () => {
    // 25 % of 100,000 MHz kept: 75,000 may be reserved.
    expect(percentageAdmits({ cpuMhz: 100_000, ramMiB: 1e6 }, { cpuMhz: 74_000, ramMiB: 0 }, { cpuMhz: 1000, ramMiB: 1 }, 25)).toBe(true);
    expect(percentageAdmits({ cpuMhz: 100_000, ramMiB: 1e6 }, { cpuMhz: 74_000, ramMiB: 0 }, { cpuMhz: 1001, ramMiB: 1 }, 25)).toBe(false);
  });
});

describe('slot policy', () => {
  const host = { cpuMhz: 32 * 2400, ramMiB: 64 * GiB };
  it.each([
    { slot: { cpuMhz: 4800, ramMiB: 8 * GiB }, slots: 8 }, // memory-bound: 64/8 = 8 < 76800/4800 = 16
    { slot: { cpuMhz: 19200, ramMiB: 4 * GiB }, slots: 4 }, // CPU-bound: 76800/19200 = 4 < 64/4 = 16
    { slot: { cpuMhz: 7200, ramMiB: 10 * GiB }, slots: 6 }, // floors: min(10, 6)
  ])('slotsPerHost with slot $slot.cpuMhz MHz / $slot.ramMiB MiB = $slots', ({ slot, slots }) => {
    expect(slotsPerHost(host, slot)).toBe(slots);
  });

  it('loses the hosts with the most slots first', () => {
    const hosts = [{ cpuMhz: 32 * 2400, ramMiB: 128 * GiB }, host, host, host];
    // slot 8 GiB: 16 + 8 + 8 + 8 slots; tolerating one failure removes the 16-slot host.
    expect(slotsAfterFailures(hosts, { cpuMhz: 32, ramMiB: 8 * GiB }, 1)).toBe(24);
    expect(slotsAfterFailures(hosts, { cpuMhz: 32, ramMiB: 8 * GiB }, 2)).toBe(16);
  });

  it('admits while the powered-on VMs and the new one fit the slots left after N failures', () => {
    const hosts = [host, host, host, host];
    // slot = 4800 MHz / 8 GiB → 8 per host; tolerate 1 → 24 slots.
    expect(slotAdmits(hosts, { cpuMhz: 4800, ramMiB: 8 * GiB }, 23, { cpuMhz: 32, ramMiB: 2 * GiB }, 1)).toBe(true);
    expect(slotAdmits(hosts, { cpuMhz: 4800, ramMiB: 8 * GiB }, 24, { cpuMhz: 32, ramMiB: 2 * GiB }, 1)).toBe(false);
    // A larger new VM enlarges the slot: 16 GiB → 4 per host → 12 slots.
    expect(slotAdmits(hosts, { cpuMhz: 4800, ramMiB: 8 * GiB }, 11, { cpuMhz: 32, ramMiB: 16 * GiB }, 1)).toBe(true);
    expect(slotAdmits(hosts, { cpuMhz: 4800, ramMiB: 8 * GiB }, 12, { cpuMhz: 32, ramMiB: 16 * GiB }, 1)).toBe(false);
  });
});

// Admission control counts reservation + memory overhead (vSphere Availability guide, percentage and slot policies;
// overhead = ⌈14.4 + 4 × vCPUs + 7.6 × GiB⌉ MiB by default), and at least 32 MHz of CPU per VM.
describe('admission control through VCDriver', () => {
  function cluster(admissionControl: unknown, hosts = 8) {
    return testRun({
      fleet: [group('esx', hosts, 64 * GiB, 8)],
      arms: [{ name: 'ac', platform: { vcenter: { clusterSize: hosts, cpuOvercommit: 4 } }, drs: { enabled: false },
        nova: { ramAllocationRatio: 2 }, recovery: { vsphereHa: { admissionControl } } }],
    });
  }

  it('default percentage, reserved 4 GiB VMs: each holds 4096 + 49 MiB; 445.44 GiB / 4145 MiB → 110 admitted', () => {
    const run = cluster(undefined);
    const outcomes = Array.from({ length: 111 }, () => run.request(4 * GiB, { memReservationMiB: 4 * GiB }).outcome);
    expect(outcomes.slice(0, 110).every((o) => o === 'placed')).toBe(true);
    expect(outcomes[110]).toBe('rejected_admission');
    expect(run.context.metrics.rejectedAdmission).toBe(1);
  });

  it('default percentage, unreserved 4 GiB VMs: never refused; Nova\'s ratio 2.0 stops them at 255, 2× overcommitted', () => {
    const run = cluster(undefined);
    // Nova: 8 × 64 GiB × 2 − 512 MiB = 1048064 MiB → 255 VMs of 4 GiB; each reserves only its 49 MiB overhead.
    const outcomes = Array.from({ length: 256 }, () => run.request(4 * GiB).outcome);
    expect(outcomes.filter((o) => o === 'placed').length).toBe(255);
    expect(outcomes[255]).toBe('rejected_no_valid_host');
    expect(run.context.metrics.rejectedAdmission).toBe(0);
    const hosts = run.clusters()[0].cluster.hosts;
    expect(hosts.reduce((s, h) => s + h.usedRamMiB, 0)).toBe(255 * 4 * GiB);
    expect(hosts.reduce((s, h) => s + h.reservedRamMiB, 0)).toBe(255 * 49);
  });

  it('slot policy: 4 hosts × 64 GiB, 2 vCPU / 8 GiB reserved VMs (slot 8192 + 84 MiB, 32 MHz), one failure tolerated → 7 × 3 = 21', () => {
    const run = cluster({ slot: { hostFailuresToTolerate: 1 } }, 4);
    const outcomes = Array.from({ length: 22 }, () => run.request(8 * GiB, { vcpus: 2, memReservationMiB: 8 * GiB }).outcome);
    expect(outcomes.filter((o) => o === 'placed').length).toBe(21);
    expect(outcomes[21]).toBe('rejected_admission');
  });

  it('slot policy with CPU reservations: 2400 MHz slots, 8 × 2400 MHz per host → 8 × 3 = 24', () => {
    const run = cluster({ slot: { hostFailuresToTolerate: 1 } }, 4);
    const outcomes = Array.from({ length: 25 }, () => run.request(GiB, { cpuReservationMhz: 2400 }).outcome);
    expect(outcomes.filter((o) => o === 'placed').length).toBe(24);
    expect(outcomes[24]).toBe('rejected_admission');
  });

  it.each([
    // Unreserved: grizzly RamFilter on the aggregate, 2 × 16 GiB × 1.5 − 512 MiB = 48640 MiB → 5 VMs of 8 GiB; ESXi
    // powers all on (overhead only), 40 GiB on 32 GiB of hosts.
    { reserve: false, cap: undefined, placed: 5, next: 'rejected_no_valid_host' },
    // Reserved: 8192 + 80 MiB per VM, one per 16 GiB host → 2; the third passes Nova and fails in vCenter.
    { reserve: true, cap: undefined, placed: 2, next: 'rejected_late' },
    // The operator cap memoryOvercommit 1.0: configured memory must fit, two per host → 4; the fifth fails late.
    { reserve: false, cap: 1.0, placed: 4, next: 'rejected_late' },
  ])('no admission control without HA: reserved $reserve, memoryOvercommit $cap → $placed placed, then $next', ({ reserve, cap, placed, next }) => {
    const run = testRun({
      fleet: [group('esx', 2, 16 * GiB)],
      arms: [{ name: 'no-ha', platform: { vcenter: { clusterSize: 2, ...(cap === undefined ? {} : { memoryOvercommit: cap }) } } }],
    });
    const outcomes = Array.from({ length: placed + 1 }, () => run.request(8 * GiB, reserve ? { memReservationMiB: 8 * GiB } : {}).outcome);
    expect(outcomes.filter((o) => o === 'placed').length).toBe(placed);
    expect(outcomes[placed]).toBe(next);
  });
});
