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
  const capacity = { vcpus: 8 * 128, ramMiB: 8 * 64 * GiB };
  it.each([
    { reservedGiB: 444, requestGiB: 1, admitted: true },
    { reservedGiB: 444.44, requestGiB: 1, admitted: true },
    { reservedGiB: 445, requestGiB: 1, admitted: false },
    { reservedGiB: 0, requestGiB: 446, admitted: false },
  ])('$reservedGiB GiB reserved + $requestGiB GiB → $admitted', ({ reservedGiB, requestGiB, admitted }) => {
    expect(percentageAdmits(capacity, { vcpus: 0, ramMiB: reservedGiB * GiB }, { vcpus: 1, ramMiB: requestGiB * GiB }, 13))
      .toBe(admitted);
  });
  it('checks CPU as well as memory', () => {
    // 25 % of 100 vCPUs kept: 75 may be reserved.
    expect(percentageAdmits({ vcpus: 100, ramMiB: 1e6 }, { vcpus: 74, ramMiB: 0 }, { vcpus: 1, ramMiB: 1 }, 25)).toBe(true);
    expect(percentageAdmits({ vcpus: 100, ramMiB: 1e6 }, { vcpus: 74, ramMiB: 0 }, { vcpus: 2, ramMiB: 1 }, 25)).toBe(false);
  });
});

describe('slot policy', () => {
  const host = { vcpus: 32, ramMiB: 64 * GiB };
  it.each([
    { slot: { vcpus: 2, ramMiB: 8 * GiB }, slots: 8 }, // memory-bound: 64/8 = 8 < 32/2 = 16
    { slot: { vcpus: 8, ramMiB: 4 * GiB }, slots: 4 }, // CPU-bound: 32/8 = 4 < 64/4 = 16
    { slot: { vcpus: 3, ramMiB: 10 * GiB }, slots: 6 }, // floors: min(10, 6)
  ])('slotsPerHost with slot $slot.vcpus vCPU / $slot.ramMiB MiB = $slots', ({ slot, slots }) => {
    expect(slotsPerHost(host, slot)).toBe(slots);
  });

  it('loses the hosts with the most slots first', () => {
    const hosts = [{ vcpus: 32, ramMiB: 128 * GiB }, host, host, host];
    // slot 8 GiB: 16 + 8 + 8 + 8 slots; tolerating one failure removes the 16-slot host.
    expect(slotsAfterFailures(hosts, { vcpus: 1, ramMiB: 8 * GiB }, 1)).toBe(24);
    expect(slotsAfterFailures(hosts, { vcpus: 1, ramMiB: 8 * GiB }, 2)).toBe(16);
  });

  it('admits while the powered-on VMs and the new one fit the slots left after N failures', () => {
    const hosts = [host, host, host, host];
    // slot = 2 vCPU / 8 GiB → 8 per host; tolerate 1 → 24 slots.
    expect(slotAdmits(hosts, { vcpus: 2, ramMiB: 8 * GiB }, 23, { vcpus: 1, ramMiB: 2 * GiB }, 1)).toBe(true);
    expect(slotAdmits(hosts, { vcpus: 2, ramMiB: 8 * GiB }, 24, { vcpus: 1, ramMiB: 2 * GiB }, 1)).toBe(false);
    // A larger new VM enlarges the slot: 16 GiB → 4 per host → 12 slots.
    expect(slotAdmits(hosts, { vcpus: 2, ramMiB: 8 * GiB }, 11, { vcpus: 1, ramMiB: 16 * GiB }, 1)).toBe(true);
    expect(slotAdmits(hosts, { vcpus: 2, ramMiB: 8 * GiB }, 12, { vcpus: 1, ramMiB: 16 * GiB }, 1)).toBe(false);
  });
});

describe('admission control through VCDriver', () => {
  function cluster(admissionControl: unknown, hosts = 8) {
    return testRun({
      fleet: [group('esx', hosts, 64 * GiB, 8)],
      arms: [{ name: 'ac', platform: { vcenter: { clusterSize: hosts, cpuOvercommit: 4 } }, drs: { enabled: false },
        nova: { ramAllocationRatio: 2 }, recovery: { vsphereHa: { admissionControl } } }],
    });
  }

  it('default percentage: 8 × 64 GiB keeps 13 % free, so 111 VMs of 4 GiB are admitted and the 112th is not', () => {
    const run = cluster(undefined);
    const outcomes = Array.from({ length: 112 }, () => run.request(4 * GiB).outcome);
    expect(outcomes.slice(0, 111).every((o) => o === 'placed')).toBe(true);
    expect(outcomes[111]).toBe('rejected_admission');
    expect(run.context.metrics.rejectedAdmission).toBe(1);
  });

  it('slot policy: 4 hosts × (32 vCPU, 64 GiB), 2 vCPU / 8 GiB VMs, one failure tolerated → 24 VMs', () => {
    const run = cluster({ slot: { hostFailuresToTolerate: 1 } }, 4);
    const outcomes = Array.from({ length: 25 }, () => run.request(8 * GiB, { vcpus: 2 }).outcome);
    expect(outcomes.filter((o) => o === 'placed').length).toBe(24);
    expect(outcomes[24]).toBe('rejected_admission');
  });

  it('no admission control without HA', () => {
    const run = testRun({
      fleet: [group('esx', 2, 64 * GiB)],
      arms: [{ name: 'no-ha', platform: { vcenter: { clusterSize: 2 } } }],
    });
    const outcomes = Array.from({ length: 17 }, () => run.request(8 * GiB).outcome);
    expect(outcomes.filter((o) => o === 'placed').length).toBe(16);
    expect(outcomes[16]).toBe('rejected_late');
  });
});
