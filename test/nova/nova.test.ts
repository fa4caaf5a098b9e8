// Nova's build flow: retries exactly as FilterScheduler._populate_retry @ 2013.1 (max attempts with the first included,
// tried nodes excluded, late vs NoValidHost), ChanceScheduler, server-group membership, build-failure counting and the
// decision trace.

import { describe, expect, it } from 'vitest';
import { createStream } from '../../src/engine/random-streams.js';
import { World } from '../../src/model/world.js';
import { Vm } from '../../src/model/vm.js';
import { SPAWN_ADMISSION, SPAWN_HOST_DOWN, SPAWN_NO_HOST } from '../../src/nova/compute-node.js';
import { buildKvmNodes } from '../../src/nova/kvm-platform.js';
import { Nova } from '../../src/nova/nova.js';
import type { RequestSpec } from '../../src/nova/request-spec.js';
import { configOf, deleteVm, FakeDriver, fakeNodes, fakeVm } from './fake-nodes.js';

const request = (ramMiB = 1024, extra: Partial<RequestSpec> = {}): RequestSpec => ({ vcpus: 1, ramMiB, diskGiB: 1, ...extra });
/** Five empty nodes; spread order after equal weights is host-list order. */
const FIVE = [{}, {}, {}, {}, {}];

describe('retries', () => {
  it.each([
    { what: 'grizzly, fails on the first two nodes', release: 'grizzly' as const, failOn: [0, 1], maxAttempts: 3,
      outcome: 'placed', spawned: ['node-0', 'node-1', 'node-2'] },
    { what: 'grizzly, max attempts 2', release: 'grizzly' as const, failOn: [0, 1], maxAttempts: 2,
      outcome: 'rejected_late', spawned: ['node-0', 'node-1'] },
    { what: 'modern, fails everywhere', release: 'modern' as const, failOn: [0, 1, 2, 3, 4], maxAttempts: 3,
      outcome: 'rejected_late', spawned: ['node-0', 'node-1', 'node-2'] },
    { what: 'max attempts 1 disables rescheduling', release: 'queens' as const, failOn: [0], maxAttempts: 1,
      outcome: 'rejected_late', spawned: ['node-0'] },
  ])('$what → $outcome after $spawned', ({ release, failOn, maxAttempts, outcome, spawned }) => {
    const driver = new FakeDriver((node) => (failOn.includes(node.id) ? SPAWN_NO_HOST : node.id));
    const nodes = fakeNodes(FIVE, driver);
    const nova = new Nova(nodes, configOf(release, { maxAttempts }), () => 0);
    const vm = fakeVm();
    expect(nova.build(vm, request(), 0)).toBe(outcome);
    expect(driver.spawned).toEqual(spawned);
    expect(vm.attempts).toBe(spawned.length);
    // Failed builds released their claims.
    nodes.forEach((node) => expect(node.usedRamMiB).toBe(outcome === 'placed' && node.id === vm.computeNode ? 1024 : 0));
  });

  it('no node passes on the first attempt: NoValidHost after one attempt', () => {
    const nova = new Nova(fakeNodes([{ ramMiB: 1024 }]), configOf('grizzly'), () => 0);
    const vm = fakeVm();
    expect(nova.build(vm, request(4096), 0)).toBe('rejected_no_valid_host');
    expect(vm.attempts).toBe(1);
  });

  it('a failed build with no other node left is late, not NoValidHost', () => {
    const driver = new FakeDriver(() => SPAWN_NO_HOST);
    const nova = new Nova(fakeNodes([{}, { ramMiB: 512 }], driver), configOf('grizzly'), () => 0);
    const vm = fakeVm();
    expect(nova.build(vm, request(), 0)).toBe('rejected_late');
    expect(vm.attempts).toBe(2);
  });

  it('grizzly without RetryFilter retries the same node (Nova would too)', () => {
    const driver = new FakeDriver(() => SPAWN_NO_HOST);
    const nova = new Nova(fakeNodes(FIVE, driver), configOf('grizzly', { filters: ['RamFilter'] }), () => 0);
    nova.build(fakeVm(), request(), 0);
    expect(driver.spawned).toEqual(['node-0', 'node-0', 'node-0']);
  });

  it('Placement-era alternates never repeat a node, with or without RetryFilter', () => {
    const driver = new FakeDriver(() => SPAWN_NO_HOST);
    const nova = new Nova(fakeNodes(FIVE, driver), configOf('modern', { filters: [] }), () => 0);
    nova.build(fakeVm(), request(), 0);
    expect(driver.spawned).toEqual(['node-0', 'node-1', 'node-2']);
  });

  it('the last failure decides late vs admission', () => {
    const codes = [SPAWN_NO_HOST, SPAWN_NO_HOST, SPAWN_ADMISSION];
    const driver = new FakeDriver((node) => codes[node.id] ?? SPAWN_NO_HOST);
    const nova = new Nova(fakeNodes([{}, {}, {}], driver), configOf('queens'), () => 0);
    expect(nova.build(fakeVm(), request(), 0)).toBe('rejected_admission');
  });

  it('a host that died 10 s ago still passes ComputeFilter; the build fails there and is retried elsewhere', () => {
    const world = new World([{ group: 'h', count: 3, cpus: 16, ramMiB: 8192, diskGiB: 100, az: 'nova' }]);
    const config = configOf('modern');
    const nodes = buildKvmNodes(world, world.hosts, config, 0);
    nodes[0].lastHeartbeat = 0; // its last heartbeat; the others keep beating
    nodes[1].usedRamMiB = nodes[2].usedRamMiB = 1024; // node 0 has most free RAM: spread sends the VM there
    world.setHostUp(world.hosts[0], false);
    const log: string[] = [];
    const nova = new Nova(nodes, config, () => 0, (event, _vm, host) => log.push(`${event}@${host}`));
    const vm = fakeVm();
    expect(nova.build(vm, request(), 10)).toBe('placed');
    expect(log).toEqual(['build_failed@h-0', 'placed@h-1']);
    expect(nodes[0].failedBuilds).toBe(0); // a dead compute reports nothing
    // After service_down_time the dead host no longer passes.
    log.length = 0;
    nova.build(fakeVm(), request(), 61);
    expect(log).toEqual(['placed@h-2']);
  });
});

describe('BuildFailureWeigher bookkeeping', () => {
  it('a live compute that fails a build sinks until it succeeds again', () => {
    let failNext = true;
    const driver = new FakeDriver((node) => (node.id === 0 && failNext ? SPAWN_NO_HOST : node.id));
    const nodes = fakeNodes([{}, { usedRamMiB: 2048 }], driver);
    const nova = new Nova(nodes, configOf('modern'), () => 0);
    nova.build(fakeVm(), request(), 0); // fails on node 0, lands on node 1
    expect(nodes[0].failedBuilds).toBe(1);
    failNext = false;
    // Node 0 has more free RAM but the 1e6 multiplier outweighs it.
    const vm = fakeVm();
    nova.build(vm, request(), 0);
    expect(vm.computeNode).toBe(1);
    nodes[0].failedBuilds = 0;
    const next = fakeVm();
    nova.build(next, request(), 0);
    expect(next.computeNode).toBe(0);
    expect(nodes[0].failedBuilds).toBe(0);
  });
});

describe('ChanceScheduler', () => {
  it('picks uniformly among up nodes, with no capacity check and no retries', () => {
    const world = new World([{ group: 'h', count: 4, cpus: 16, ramMiB: 8192, diskGiB: 100, az: 'nova' }]);
    const config = configOf('grizzly', { driver: 'chance' });
    const nodes = buildKvmNodes(world, world.hosts, config, 0);
    nodes[3].serviceDisabled = true;
    const nova = new Nova(nodes, config, createStream(1, 0, 'test/chance'));
    const counts = [0, 0, 0, 0];
    let late = 0;
    for (let i = 0; i < 600; i++) {
      const vm = new Vm(i, 0, 1, 4096, 1, 0, 1, 2, true);
      const outcome = nova.build(vm, request(4096), 0);
      if (outcome === 'placed') {
        counts[vm.computeNode]++;
        deleteVm(nova, vm);
      } else {
        expect(outcome).toBe('rejected_late');
        expect(vm.attempts).toBe(1);
        late++;
      }
    }
    expect(counts[3]).toBe(0);
    expect(late).toBe(0);
    const expected = 200;
    const chi2 = counts.slice(0, 3).reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(13.82); // χ²(2) at α = 0.001
  });

  it('sends a VM to a full node, where the compute claim fails: late, one attempt', () => {
    const world = new World([{ group: 'h', count: 2, cpus: 16, ramMiB: 8192, diskGiB: 100, az: 'nova' }]);
    const config = configOf('modern', { driver: 'chance' });
    const nodes = buildKvmNodes(world, world.hosts, config, 0);
    const nova = new Nova(nodes, config, () => 0); // always the first up node
    expect(nova.build(fakeVm(1, 7680), request(7680), 0)).toBe('placed');
    const vm = fakeVm(1, 1024);
    expect(nova.build(vm, request(1024), 0)).toBe('rejected_late');
    expect(vm.attempts).toBe(1);
  });
});

describe('server groups', () => {
  const member = (group: number, ramMiB = 1024) => Object.assign(fakeVm(1, ramMiB), { serverGroup: group });

  it('anti-affinity spreads members one per node, then NoValidHost, then room again when one departs', () => {
    const nova = new Nova(fakeNodes([{}, {}, {}]), configOf('modern'), () => 0);
    const group = nova.serverGroups.getOrCreate(1, 'anti-affinity', 1);
    const vms = [0, 1, 2].map(() => member(1));
    vms.forEach((vm) => expect(nova.build(vm, request(1024, { group }), 0)).toBe('placed'));
    expect(new Set(vms.map((vm) => vm.computeNode)).size).toBe(3);
    expect(group.members).toBe(3);
    const fourth = member(1);
    expect(nova.build(fourth, request(1024, { group }), 0)).toBe('rejected_no_valid_host');
    const freed = vms[1].computeNode;
    deleteVm(nova, vms[1]);
    expect(group.members).toBe(2);
    const fifth = member(1);
    expect(nova.build(fifth, request(1024, { group }), 0)).toBe('placed');
    expect(fifth.computeNode).toBe(freed);
  });

  it('max_server_per_host 2 allows two members per node', () => {
    const nova = new Nova(fakeNodes([{}, {}]), configOf('modern'), () => 0);
    const group = nova.serverGroups.getOrCreate(1, 'anti-affinity', 2);
    const placed = [0, 1, 2, 3, 4].map(() => nova.build(member(1), request(1024, { group }), 0));
    expect(placed).toEqual(['placed', 'placed', 'placed', 'placed', 'rejected_no_valid_host']);
  });

  it('affinity packs members on one node until it is full; an emptied group starts afresh', () => {
    const nodes = fakeNodes([{ ramMiB: 4096 }, { ramMiB: 16384 }]);
    const nova = new Nova(nodes, configOf('modern', { reservedHostMemoryMiB: 0 }), () => 0);
    const group = nova.serverGroups.getOrCreate(2, 'affinity', 1);
    const first = member(2);
    nova.build(first, request(1024, { group }), 0);
    expect(first.computeNode).toBe(1); // spread: the bigger node
    const rest = [0, 1, 2].map(() => member(2, 4096));
    rest.forEach((vm) => nova.build(vm, request(4096, { group }), 0));
    expect(rest.map((vm) => vm.computeNode)).toEqual([1, 1, 1]);
    // 13312 of 16384 MB used on node 1; the next 4096 MB member does not fit there and may not go elsewhere.
    const tooMany = member(2, 4096);
    expect(nova.build(tooMany, request(4096, { group }), 0), `went to ${tooMany.computeNode}`).toBe('rejected_no_valid_host');
    [first, ...rest].forEach((vm) => deleteVm(nova, vm));
    expect(group.members).toBe(0);
    expect(nodes[1].membersOf(2)).toBe(0);
    const again = member(2, 4096);
    nodes[1].usedRamMiB = 15000;
    expect(nova.build(again, request(4096, { group }), 0)).toBe('placed');
    expect(again.computeNode).toBe(0);
  });

  it('requestSpecOf gives back the VM\'s group and hypervisor requirement', () => {
    const nova = new Nova(fakeNodes([{}]), configOf('modern'), () => 0);
    const group = nova.serverGroups.getOrCreate(5, 'affinity', 1);
    const vm = Object.assign(member(5), { requiredHypervisor: 'vmware' as const });
    expect(nova.requestSpecOf(vm)).toMatchObject({ ramMiB: vm.ramMiB, hypervisor: 'vmware', group });
  });
});

describe('decision trace', () => {
  it('logs each placement with attempt, per-stage removals and the winning score', () => {
    const driver = new FakeDriver((node) => (node.id === 0 ? SPAWN_HOST_DOWN : node.id));
    const lines: string[] = [];
    const nodes = fakeNodes([{}, { usedRamMiB: 4096 }, { ramMiB: 1024 }], driver);
    const nova = new Nova(nodes, configOf('queens', { reservedHostMemoryMiB: 0 }), () => 0,
      (event, vm, host, detail) => lines.push(`${event} ${vm.id >= 0 ? 'vm' : ''} ${host} ${detail}`));
    nova.build(fakeVm(), request(2048), 0);
    expect(lines).toEqual([
      'build_failed vm node-0 attempt=1 reason=rejected_late code=-1',
      'placed vm node-1 attempt=2 Placement-1 RetryFilter-1 AvailabilityZoneFilter-0 ComputeFilter-0 ' +
        'ImagePropertiesFilter-0 ServerGroupAntiAffinityFilter-0 ServerGroupAffinityFilter-0 candidates=1 score=0',
    ]);
  });
});

describe('KvmDriver', () => {
  it('places on the node\'s own host, which the node keeps as firstHost (node ids are not host ids here)', () => {
    const world = new World([{ group: 'h', count: 4, cpus: 8, ramMiB: 8192, diskGiB: 100, az: 'nova' }]);
    const config = configOf('queens');
    // The KVM nodes of the last three hosts: node i fronts host i + 1.
    const nodes = buildKvmNodes(world, world.hosts.slice(1), config, 0);
    for (const node of nodes) expect(node.firstHost).toBe(node.hosts[0]);
    const nova = new Nova(nodes, config, () => 0);
    for (let i = 0; i < 6; i++) {
      const vm = new Vm(i, 0, 1, 2048, 1, 0, 1, 2, true);
      expect(nova.build(vm, request(2048), 0)).toBe('placed');
      expect(vm.host).toBe(nodes[vm.computeNode].hosts[0].id);
      expect(vm.host).toBe(vm.computeNode + 1);
    }
  });
});
