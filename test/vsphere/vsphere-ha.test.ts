// vSphere HA restarts: deterministic timelines checked to the second (docs/model.md, "vSphere HA").

import { describe, expect, it } from 'vitest';
import { isolateHost, reconnectHost } from '../../src/failures/fail-host.js';
import { group, testRun } from './harness.js';

const GiB = 1024;

/**
 * Two ESXi hosts in one cluster; esx-0 is the HA master. DRS balancing off so VMs stay where they are put. The
 * operator cap memoryOvercommit 1.0 makes configured memory the limit, so these unreserved VMs can run out of room.
 */
function twoHostCluster(ramMiB: number, ha: Record<string, unknown> = {}) {
  return testRun({
    fleet: [group('esx', 2, ramMiB)],
    arms: [{ name: 'ha', platform: { vcenter: { clusterSize: 2, memoryOvercommit: 1.0 } }, drs: { enabled: false },
      recovery: { vsphereHa: { admissionControl: 'none', ...ha } } }],
  });
}

/** Builds VMs through Nova while DRS may use only host `only` (the others briefly flagged as failover hosts). */
function buildOn(run: ReturnType<typeof twoHostCluster>, only: number, sizes: { ramMiB: number; priority?: string; lifetime?: number }[]) {
  const { cluster } = run.clusters()[0];
  const saved = cluster.failover.slice();
  cluster.failover.fill(1);
  cluster.failover[only] = 0;
  cluster.touchAll();
  const vms = sizes.map((s) => run.request(s.ramMiB, { priority: s.priority, lifetime: s.lifetime }).vm);
  cluster.failover.set(saved);
  cluster.touchAll();
  for (const vm of vms) expect(vm.host).toBe(cluster.hosts[only].id);
  return vms;
}

function fillHost1(run: ReturnType<typeof twoHostCluster>, sizes: { ramMiB: number; priority?: string }[]) {
  return buildOn(run, 1, sizes);
}

/**
 * `hosts` 16 GiB ESXi hosts in one cluster, DRS on (threshold 1, a daily round) for HA's requests to make room, and
 * configured memory as the limit (memoryOvercommit 1.0).
 */
function makeRoomCluster(hosts: number) {
  return testRun({
    fleet: [group('esx', hosts, 16 * GiB)],
    arms: [{ name: 'ha', platform: { vcenter: { clusterSize: hosts, memoryOvercommit: 1.0 } }, drs: { threshold: 1, interval: '1d' },
      recovery: { vsphereHa: { admissionControl: 'none' } } }],
  });
}

function recoveredAt(run: ReturnType<typeof twoHostCluster>): Map<number, number> {
  return new Map(run.events.filter((e) => e[1] === 'ha_recovered').map((e) => [e[2] as number, e[0] as number]));
}

describe('vSphere HA single-failure timeline', () => {
  it('detects at t+15 s, restarts by priority, 32 power-ons per host at a time, each taking 30 s', () => {
    const run = twoHostCluster(256 * GiB);
    // ids 0-4 low, 5-7 highest, 8-39 medium: 40 VMs, one target host, 32 concurrent power-ons.
    const sizes = Array.from({ length: 40 }, (_, id) => ({
      ramMiB: GiB, priority: id < 5 ? 'low' : id < 8 ? 'highest' : 'medium' }));
    const vms = fillHost1(run, sizes);
    run.at(1000, () => run.fail('esx-1'));
    run.at(1014, () => expect(run.recovery?.pending).toBe(40));
    run.run(2000);
    const restarts = run.events.filter((e) => e[1] === 'ha_restart');
    expect(restarts.slice(0, 32).every((e) => e[0] === 1015)).toBe(true);
    expect(restarts.slice(32).every((e) => e[0] === 1045)).toBe(true);
    const done = recoveredAt(run);
    const firstWave = [5, 6, 7, ...Array.from({ length: 29 }, (_, i) => 8 + i)];
    const secondWave = [37, 38, 39, 0, 1, 2, 3, 4];
    for (const id of firstWave) expect(done.get(id)).toBe(1045);
    for (const id of secondWave) expect(done.get(id)).toBe(1075);
    // Order of restart decisions: highest, then medium, then low.
    expect(restarts.map((e) => e[2])).toEqual([...firstWave, ...secondWave]);
    const m = run.context.metrics;
    expect([m.vmsAffected, m.vmsRecovered, m.vmsLost, run.recovery?.pending, m.downVms]).toEqual([40, 40, 0, 0, 0]);
    expect(m.downtimeS).toBe(32 * 45 + 8 * 75);
    for (const vm of vms) expect(vm.host).toBe(run.host('esx-0').id);
    // Nova never saw the moves: the claims stay on the cluster's node.
    expect(run.context.nodes[0].numInstances).toBe(40);
  });

  it.each([
    { name: 'a non-master host, 15 s', fail: 'esx-1', ha: {}, ready: 1015 },
    { name: 'with datastore heartbeats, 18 s', fail: 'esx-1', ha: { datastoreHeartbeats: true }, ready: 1018 },
    { name: 'the HA master, 35 s', fail: 'esx-0', ha: {}, ready: 1035 },
    { name: 'an explicit detection time', fail: 'esx-1', ha: { detection: '40s', restartDelay: '1m' }, ready: 1040 },
  ])('declares $name after the failure', ({ fail, ha, ready }) => {
    const run = twoHostCluster(64 * GiB, ha);
    const a = run.request(4 * GiB).vm; // DRS: esx-0 (tie, lower index)
    const b = run.request(4 * GiB).vm; // then esx-1, the emptier host
    expect([a.host, b.host]).toEqual([run.host('esx-0').id, run.host('esx-1').id]);
    run.at(1000, () => run.fail(fail));
    run.run(5000);
    const restart = run.events.find((e) => e[1] === 'ha_restart');
    expect(restart?.[0]).toBe(ready);
    const delay = (ha as { restartDelay?: string }).restartDelay ? 60 : 30;
    expect(run.context.metrics.recoveryLatencies).toEqual([ready - 1000 + delay]);
  });

  it('keeps VMs without unreserved capacity waiting, spending no retry, restarts them as capacity frees, never deletes', () => {
    const run = twoHostCluster(16 * GiB);
    // esx-0: three 4 GiB VMs (4 GiB free), one of which departs at t = 1500; esx-1: four 4 GiB VMs.
    buildOn(run, 0, [{ ramMiB: 4 * GiB, lifetime: 1500 }, { ramMiB: 4 * GiB }, { ramMiB: 4 * GiB }]);
    const victims = fillHost1(run, [0, 1, 2, 3].map(() => ({ ramMiB: 4 * GiB })));
    run.at(1000, () => run.fail('esx-1'));
    const m = run.context.metrics;
    // Long after the old +30 min schedule would have ended (2815 s): two still wait, none was deleted.
    run.at(9000, () => {
      expect([m.vmsAffected, m.vmsRecovered, m.vmsLost, run.recovery?.pending, m.downVms]).toEqual([4, 2, 0, 2, 2]);
      expect(run.context.nodes[0].numInstances).toBe(7 - 1); // only the departed VM left Nova
    });
    run.at(9500, () => run.repair('esx-1'));
    run.run(10_000);
    const done = recoveredAt(run);
    expect(done.get(victims[0].id)).toBe(1045); // first attempt at 1015 fills esx-0
    expect(done.get(victims[1].id)).toBe(1530); // capacity freed at 1500
    const waiting = run.events.filter((e) => e[1] === 'ha_waiting').map((e) => [e[0], e[2]]);
    expect(waiting).toEqual([[1015, victims[1].id], [1015, victims[2].id], [1015, victims[3].id]]);
    expect(run.events.filter((e) => e[1] === 'ha_restart_failed' || e[1] === 'ha_gave_up' || e[1] === 'vm_lost')).toEqual([]);
    // Capacity returns with esx-1: the last two run again there.
    expect([m.vmsAffected, m.vmsRecovered, m.vmsLost, run.recovery?.pending, m.downVms]).toEqual([4, 4, 0, 0, 0]);
    expect(m.vmsGaveUp).toBe(0);
  });

  it('forgets a VM that departs while it waits for capacity, at its departure', () => {
    const run = twoHostCluster(16 * GiB);
    // esx-0: 4 GiB free; esx-1: three 4 GiB VMs, the last of which departs at t = 2000.
    buildOn(run, 0, [{ ramMiB: 4 * GiB }, { ramMiB: 4 * GiB }, { ramMiB: 4 * GiB }]);
    const victims = buildOn(run, 1, [{ ramMiB: 4 * GiB }, { ramMiB: 4 * GiB }, { ramMiB: 4 * GiB, lifetime: 2000 }]);
    run.at(1000, () => run.fail('esx-1'));
    run.at(1999, () => expect(run.recovery?.pending).toBe(2));
    // The departure frees nothing on an up host, so no restart pass runs: HA hears of it by the VM's id.
    run.at(2001, () => expect(run.recovery?.pending).toBe(1));
    run.run(3000);
    expect(recoveredAt(run).get(victims[0].id)).toBe(1045);
    expect(run.context.metrics.vmsRecovered).toBe(1);
  });

  it('retries restarts that fail for other reasons at +2, +6, +14, +30 min, then gives up until an operator acts', () => {
    const run = twoHostCluster(64 * GiB, { powerOnFailure: 1, operatorDelay: { constant: '10m' } });
    const [victim] = fillHost1(run, [{ ramMiB: 4 * GiB }]);
    run.at(1000, () => run.fail('esx-1'));
    run.run(10_000);
    const failed = run.events.filter((e) => e[1] === 'ha_restart_failed').map((e) => [e[0], e[4]]);
    expect(failed).toEqual([
      [1015, 'attempt=1 next_s=1135'], [1135, 'attempt=2 next_s=1375'], [1375, 'attempt=3 next_s=1855'],
      [1855, 'attempt=4 next_s=2815'],
    ]);
    const gaveUp = run.events.filter((e) => e[1] === 'ha_gave_up').map((e) => [e[0], e[2], e[4]]);
    expect(gaveUp).toEqual([[2815, victim.id, 'attempts=5 operator_at=3415']]);
    // The operator's power-on at 3415 s is not an HA attempt: it runs once a host holds the VM (30 s power-on).
    expect(recoveredAt(run).get(victim.id)).toBe(3445);
    const m = run.context.metrics;
    expect([m.vmsAffected, m.vmsRecovered, m.vmsLost, m.vmsGaveUp, run.recovery?.pending]).toEqual([1, 1, 0, 1, 0]);
    expect(m.gaveUpDowntimeS).toBe(3445 - 1000);
    expect(m.summary().ha_gave_up_downtime_h).toBe((3445 - 1000) / 3600);
  });

  it('asks DRS to make room when the VM fits on no host but would after vMotions', () => {
    // Three 16 GiB hosts. esx-0: 8 + 4 GiB, esx-1: 12 GiB, esx-2: the 8 GiB victim. After esx-2 fails no host has
    // 8 GiB free, but moving esx-0's 4 GiB VM to esx-1 (4 GiB free) leaves 8 GiB on esx-0. Unreserved VMs would
    // power on overcommitted, so the operator cap memoryOvercommit 1.0 makes configured memory the limit here.
    const run = makeRoomCluster(3);
    const only = (i: number, ramMiB: number) => buildOn(run, i, [{ ramMiB }])[0];
    only(0, 8 * GiB);
    const small = only(0, 4 * GiB);
    only(1, 12 * GiB);
    const victim = only(2, 8 * GiB);
    run.at(1000, () => run.fail('esx-2'));
    run.run(5000);
    const vmotion = (4 * GiB / 1100) * 1.3; // the schema's bandwidth and overhead
    const room = run.events.filter((e) => e[1] === 'drs_make_room').map((e) => [e[0], e[2], e[3], e[4]]);
    expect(room).toEqual([[1015, victim.id, 'esx-0', 'vmotions=1 ram_mib=4096']]);
    const moves = run.events.filter((e) => e[1] === 'vmotion_done').map((e) => [e[0], e[2], e[3]]);
    expect(moves).toEqual([[1015 + vmotion, small.id, 'esx-1']]);
    const restart = run.events.filter((e) => e[1] === 'ha_restart').map((e) => [e[0], e[2], e[3]]);
    expect(restart).toEqual([[1015 + vmotion, victim.id, 'esx-0']]);
    expect(recoveredAt(run).get(victim.id)).toBe(1015 + vmotion + 30);
    expect(run.context.metrics.migrations).toBe(1); // costed like a balancing move
  });

  it('makes room on the lower-indexed host when two plans move the same memory, whichever lacks less', () => {
    // Four 16 GiB hosts. esx-0: 4 + 4 + 4 GiB (lacks 4 GiB for the 8 GiB victim), esx-1: 4 + 4 + 2 GiB (lacks 2),
    // esx-2: 10 GiB (lacks 2; its VM fits nowhere else), esx-3: the victim. esx-0 and esx-1 each move one 4 GiB VM:
    // equal plans, so esx-0's wins, although esx-1 lacks less. Its VM goes to the host with most free memory, the
    // first of esx-1 and esx-2 (6 GiB each).
    const run = makeRoomCluster(4);
    const only = (i: number, ramMiB: number) => buildOn(run, i, [{ ramMiB }])[0];
    const first = only(0, 4 * GiB);
    for (const ramGiB of [4, 4]) only(0, ramGiB * GiB);
    for (const ramGiB of [4, 4, 2]) only(1, ramGiB * GiB);
    only(2, 10 * GiB);
    const victim = only(3, 8 * GiB);
    run.at(1000, () => run.fail('esx-3'));
    run.run(5000);
    const room = run.events.filter((e) => e[1] === 'drs_make_room').map((e) => [e[0], e[2], e[3], e[4]]);
    expect(room).toEqual([[1015, victim.id, 'esx-0', 'vmotions=1 ram_mib=4096']]);
    const moves = run.events.filter((e) => e[1] === 'vmotion_start').map((e) => [e[0], e[2], e[3]]);
    expect(moves).toEqual([[1015, first.id, 'esx-1']]);
  });

  it('brings VMs back with their host when it is repaired before HA restarts them', () => {
    const run = twoHostCluster(16 * GiB);
    fillHost1(run, [{ ramMiB: 16 * GiB }]);
    run.request(12 * GiB); // esx-0 cannot take the 16 GiB VM
    run.at(1000, () => run.fail('esx-1'));
    run.at(1200, () => run.repair('esx-1'));
    run.run(5000);
    const m = run.context.metrics;
    expect([m.vmsAffected, m.vmsRecovered, m.vmsLost, run.recovery?.pending]).toEqual([1, 1, 0, 0]);
    expect(m.recoveryLatencies).toEqual([200]);
    expect(run.events.some((e) => e[1] === 'ha_restart')).toBe(false);
  });

  it('registers a VM of priority disabled powered off at detection; it stays down until the operator powers it on', () => {
    // Operator delay 10 min. esx-1 fails at 1000: the medium VM restarts at 1015 (running at 1045); the disabled VM
    // is registered powered off at 1015 and stays down when esx-1 is repaired at 1200; the operator powers it on at
    // 1015 + 600 = 1615, running at 1645.
    const run = twoHostCluster(64 * GiB, { operatorDelay: { constant: '10m' } });
    const [off, medium] = fillHost1(run, [{ ramMiB: GiB, priority: 'disabled' }, { ramMiB: GiB }]);
    run.at(1000, () => run.fail('esx-1'));
    run.at(1200, () => run.repair('esx-1'));
    run.at(1201, () => expect([off.state, medium.state]).toEqual(['down', 'running']));
    run.run(5000);
    const ha = run.events.filter((e) => (e[1] as string).startsWith('ha_')).map((e) => [e[0], e[1], e[2]]);
    expect(ha).toEqual([
      [1015, 'ha_registered_off', off.id],
      [1015, 'ha_restart', medium.id],
      [1045, 'ha_recovered', medium.id],
      [1615, 'ha_restart', off.id],
      [1645, 'ha_recovered', off.id],
    ]);
    const m = run.context.metrics;
    expect([m.vmsAffected, m.vmsRecovered, m.downVms, m.vmsGaveUp]).toEqual([2, 2, 0, 0]);
    expect(m.downtimeS).toBe(45 + 645);
  });

  it('isolation response powerOff: the isolated host stops its VMs at +60 s and HA restarts them elsewhere', () => {
    // esx-1 (2 VMs) is isolated at 1000: its VMs run until the response at 1060, then restart on esx-0 at once,
    // running at 1090 (30 s each of downtime). The host reconnects at 2000; nothing else happens.
    const run = twoHostCluster(64 * GiB, { isolationResponse: 'powerOff' });
    const vms = fillHost1(run, [{ ramMiB: GiB }, { ramMiB: GiB }]);
    run.at(1000, () => isolateHost(run.context, run.host('esx-1')));
    run.at(1059, () => expect(vms.map((v) => v.state)).toEqual(['running', 'running']));
    run.at(2000, () => reconnectHost(run.context, run.host('esx-1')));
    run.run(5000);
    const ha = run.events.filter((e) => (e[1] as string).startsWith('ha_')).map((e) => [e[0], e[1], e[2]]);
    expect(ha).toEqual([
      [1060, 'ha_isolation_response', ''],
      [1060, 'ha_restart', vms[0].id], [1060, 'ha_restart', vms[1].id],
      [1090, 'ha_recovered', vms[0].id], [1090, 'ha_recovered', vms[1].id],
    ]);
    for (const vm of vms) expect(vm.host).toBe(run.host('esx-0').id);
    const m = run.context.metrics;
    expect([m.hostFailures, m.vmsAffected, m.vmsRecovered, m.downtimeS]).toEqual([0, 2, 2, 60]);
  });

  it('isolation response disabled (the default): VMs keep running, nothing new lands on the isolated host', () => {
    const run = twoHostCluster(64 * GiB);
    const vms = fillHost1(run, [{ ramMiB: GiB }]);
    run.request(8 * GiB); // esx-0 holds more: DRS would put the next VM on esx-1
    let late: ReturnType<typeof run.request> | undefined;
    run.at(1000, () => isolateHost(run.context, run.host('esx-1')));
    run.at(1500, () => (late = run.request(GiB)));
    run.at(2000, () => reconnectHost(run.context, run.host('esx-1')));
    run.run(5000);
    expect(late?.vm.host).toBe(run.host('esx-0').id);
    expect(vms[0].state).toBe('running');
    const m = run.context.metrics;
    expect([m.vmsAffected, m.downtimeS]).toEqual([0, 0]);
    expect(run.events.some((e) => (e[1] as string).startsWith('ha_'))).toBe(false);
  });

  it('a reconnection before the response cancels it', () => {
    const run = twoHostCluster(64 * GiB, { isolationResponse: 'shutdown' });
    fillHost1(run, [{ ramMiB: GiB }]);
    run.at(1000, () => isolateHost(run.context, run.host('esx-1')));
    run.at(1030, () => reconnectHost(run.context, run.host('esx-1')));
    run.run(5000);
    expect(run.context.metrics.vmsAffected).toBe(0);
  });

  it('restarts on dedicated failover hosts first, then where DRS places', () => {
    const run = testRun({
      fleet: [group('esx', 3, 16 * GiB)],
      arms: [{ name: 'ha', platform: { vcenter: { clusterSize: 3, memoryOvercommit: 1.0 } }, drs: { enabled: false },
        recovery: { vsphereHa: { admissionControl: { failoverHosts: 1 } } } }],
    });
    const vms = [0, 1, 2, 3, 4, 5].map(() => run.request(4 * GiB).vm);
    // esx-2 is the failover host: new VMs go to esx-0 and esx-1 only, alternately.
    expect(vms.map((v) => run.context.world.hosts[v.host].name)).toEqual(['esx-0', 'esx-1', 'esx-0', 'esx-1', 'esx-0', 'esx-1']);
    // With esx-0 and esx-1 full, a VM that only esx-2 could hold is refused by admission control.
    run.request(4 * GiB);
    run.request(4 * GiB);
    expect(run.request(4 * GiB).outcome).toBe('rejected_admission');
    run.at(1000, () => run.fail('esx-1'));
    run.run(5000);
    const targets = run.events.filter((e) => e[1] === 'ha_restart').map((e) => e[3]);
    expect(targets).toEqual(['esx-2', 'esx-2', 'esx-2', 'esx-2']);
    expect(run.context.metrics.vmsRecovered).toBe(4);
  });

  it('restarts a VM whose power-on target fails during the power-on', () => {
    const run = testRun({
      fleet: [group('esx', 3, 64 * GiB)],
      arms: [{ name: 'ha', platform: { vcenter: { clusterSize: 3 } }, drs: { enabled: false },
        recovery: { vsphereHa: { admissionControl: 'none' } } }],
    });
    const a = run.request(8 * GiB).vm; // esx-0
    const b = run.request(8 * GiB).vm; // esx-1
    run.request(4 * GiB); // esx-2 (least loaded), so b's restart goes to esx-2 (4 GiB used) — not esx-0 (8 GiB)
    run.at(1000, () => run.fail('esx-1'));
    run.at(1020, () => run.fail('esx-2')); // b powering on there since 1015
    run.run(5000);
    expect(a.host).toBe(run.host('esx-0').id);
    const restarts = run.events.filter((e) => e[1] === 'ha_restart').map((e) => [e[0], e[2], e[3]]);
    expect(restarts).toEqual([[1015, b.id, 'esx-2'], [1035, b.id, 'esx-0'], [1035, 2, 'esx-0']]);
    const m = run.context.metrics;
    expect([m.vmsAffected, m.vmsRecovered, m.downVms, run.recovery?.pending]).toEqual([2, 2, 0, 0]);
    expect(recoveredAt(run).get(b.id)).toBe(1065);
  });
});
