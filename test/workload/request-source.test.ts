// The request stream: server groups and hypervisor requirements draw from their own streams (the others do not
// shift), groups fill to their size, members share their group's hypervisor requirement; trace columns parse.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/temp-dir.js';
import { describe, expect, it } from 'vitest';
import { runReplication } from '../../src/experiment/run-replication.js';
import { InputError } from '../../src/scenario/input-error.js';
import { resolveScenario } from '../../src/scenario/load-scenario.js';
import { initialPopulation } from '../../src/workload/initial-population.js';
import { createRequestSource, emptyRequest, type Request } from '../../src/workload/request-source.js';
import { loadRequestTrace } from '../../src/workload/request-trace.js';

const base = {
  name: 'w', horizon: '30d', seed: 3, replications: 1,
  fleet: [{ group: 'h', count: 16, cpus: 64, ramMiB: 262144, diskGiB: 4000 }],
  workload: {
    arrivals: { poisson: { ratePerHour: 20 } },
    lifetime: { exponential: { mean: '1d' } },
    flavors: [{ name: 'a', vcpus: 1, ramMiB: 2048, diskGiB: 10, weight: 3 }, { name: 'b', vcpus: 2, ramMiB: 4096, diskGiB: 20 }],
    haPriority: { high: 1, medium: 3 },
  },
  arms: [{ name: 'x' }],
};
const GROUPS = [
  { policy: 'anti-affinity', share: 0.2, size: 4, maxServerPerHost: 1 },
  { policy: 'affinity', share: 0.1, size: 3 },
];
const withExtras = (extra: object, release = 'grizzly') =>
  resolveScenario({ ...base, release, workload: { ...base.workload, ...extra } }, 'w.yaml');

function draw(extra: object, n: number): Request[] {
  const source = createRequestSource(withExtras(extra).scenario, 0);
  return Array.from({ length: n }, () => {
    const r = emptyRequest();
    source.next(r);
    return { ...r };
  });
}

describe('generated requests', () => {
  const N = 5000;
  const plain = draw({}, N);
  const rich = draw({ serverGroups: GROUPS, requireHypervisor: { vmware: 0.3 } }, N);

  it('new streams do not shift arrival, flavor, lifetime or HA priority draws', () => {
    expect(rich.map((r) => [r.time, r.flavor, r.lifetime, r.haPriority])).toEqual(
      plain.map((r) => [r.time, r.flavor, r.lifetime, r.haPriority]));
    expect(plain.every((r) => r.serverGroup === -1 && r.hypervisor === undefined)).toBe(true);
  });

  it('a flavor\'s haRestartPriority wins over the share draw, which still runs (other requests keep theirs)', () => {
    const flavors = [{ ...base.workload.flavors[0] }, { ...base.workload.flavors[1], haRestartPriority: 'disabled' }];
    const pinned = draw({ flavors }, N);
    expect(pinned.map((r) => [r.time, r.flavor, r.lifetime])).toEqual(plain.map((r) => [r.time, r.flavor, r.lifetime]));
    expect(pinned.map((r) => r.haPriority)).toEqual(plain.map((r) => (r.flavor === 1 ? 5 : r.haPriority)));
  });

  // Binomial bounds at z = 4 (a correct generator lands outside 1 time in ~16,000).
  const within = (count: number, p: number) => expect(Math.abs(count / N - p)).toBeLessThan(4 * Math.sqrt(p * (1 - p) / N));

  it('shares: ~20 % anti-affinity members, ~10 % affinity members, ~30 % of ungrouped requests need vmware', () => {
    within(rich.filter((r) => r.groupPolicy === 'anti-affinity').length, 0.2);
    within(rich.filter((r) => r.groupPolicy === 'affinity').length, 0.1);
    const ungrouped = rich.filter((r) => r.serverGroup < 0);
    const vmware = ungrouped.filter((r) => r.hypervisor === 'vmware').length / ungrouped.length;
    expect(Math.abs(vmware - 0.3)).toBeLessThan(4 * Math.sqrt(0.21 / ungrouped.length));
  });

  it('groups fill to their size in arrival order, with one policy, rule and hypervisor each', () => {
    const groups = new Map<number, Request[]>();
    for (const r of rich) if (r.serverGroup >= 0) groups.set(r.serverGroup, [...(groups.get(r.serverGroup) ?? []), r]);
    const ids = [...groups.keys()];
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const full = { 'anti-affinity': 0, affinity: 0 };
    for (const members of groups.values()) {
      const policy = members[0].groupPolicy!;
      const size = policy === 'affinity' ? 3 : 4;
      expect(members.length).toBeLessThanOrEqual(size);
      if (members.length === size) full[policy]++;
      expect(new Set(members.map((m) => `${m.groupPolicy}/${m.maxServerPerHost}/${m.hypervisor}`)).size).toBe(1);
    }
    // Only the last open group of each class may be partly filled.
    expect(groups.size - full['anti-affinity'] - full.affinity).toBeLessThanOrEqual(2);
  });

  it('the schema refuses shares above 1', () => {
    expect(() => withExtras({ requireHypervisor: { vmware: 0.7, kvm: 0.4 } })).toThrow(InputError);
    expect(() => withExtras({ serverGroups: [{ policy: 'affinity', share: 0.6, size: 2 }, { policy: 'affinity', share: 0.5, size: 2 }] }))
      .toThrow(InputError);
  });
});

describe('whole runs', () => {
  it('an all-KVM fleet rejects exactly the requests that require vmware, as NoValidHost', () => {
    const loaded = withExtras({ requireHypervisor: { vmware: 0.3 } }, 'modern');
    const result = runReplication(loaded, 0, 0);
    const requests = draw({ requireHypervisor: { vmware: 0.3 } }, 20 * 24 * 40)
      .filter((r) => r.time <= loaded.scenario.horizon);
    expect(result.summary.rejected_no_valid_host).toBe(requests.filter((r) => r.hypervisor === 'vmware').length);
    expect(result.summary.rejected_late).toBe(0);
  });

  it('anti-affinity groups never put two members on one host (modern enables the filter)', () => {
    const loaded = withExtras({ serverGroups: [{ policy: 'anti-affinity', share: 0.5, size: 16 }] }, 'modern');
    const result = runReplication(loaded, 0, 0, { vmLog: true, eventLog: false, timeseries: false });
    expect(result.summary.placed).toBeGreaterThan(0);
    // VM ids: the equilibrium start's population first, then the arrivals (their groups numbered after the population's).
    const initial = initialPopulation(loaded.scenario, 0);
    expect(initial.groupsOpened).toBeGreaterThan(0);
    const source = createRequestSource(loaded.scenario, 0, undefined, initial.groupsOpened);
    const requests = [...initial.requests, ...Array.from({ length: result.vms.length - initial.requests.length }, () => {
      const r = emptyRequest();
      source.next(r);
      return r;
    })];
    const seen = new Set<string>();
    for (const row of result.vms) {
      const group = requests[row[0] as number].serverGroup;
      if (group < 0 || row[6] === '') continue;
      const key = `${group}@${row[6]}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  });
});

describe('trace columns', () => {
  const dir = tempDir('trace');
  const flavors = [{ name: 'a', vcpus: 1, ramMiB: 1024, diskGiB: 1, weight: 1 }];
  let files = 0;
  const write = (text: string) => {
    const file = join(dir, `t${files++}.csv`);
    writeFileSync(file, text);
    return file;
  };

  it('reads server_group, group_policy, max_server_per_host and hypervisor', () => {
    const trace = loadRequestTrace(write([
      'time_s,flavor,lifetime_s,server_group,group_policy,max_server_per_host,hypervisor',
      '0,a,10,web,anti-affinity,2,kvm',
      '1,a,10,,,,vmware',
      '2,a,10,db,affinity,,',
      '3,a,10,web,anti-affinity,2,kvm',
    ].join('\n')), flavors);
    expect([...trace.serverGroup]).toEqual([0, -1, 1, 0]);
    expect([...trace.groupPolicy]).toEqual([2, 0, 1, 2]);
    expect([...trace.maxServerPerHost]).toEqual([2, 1, 1, 2]);
    expect([...trace.hypervisor]).toEqual([1, 2, 0, 1]);
  });

  it('gives rows without ha_priority their flavor\'s haRestartPriority', () => {
    const pinned = [...flavors, { name: 'b', vcpus: 1, ramMiB: 1024, diskGiB: 1, weight: 1, haRestartPriority: 'low' as const }];
    const trace = loadRequestTrace(write(['time_s,flavor,lifetime_s,ha_priority', '0,a,10,', '1,b,10,', '2,b,10,highest']
      .join('\n')), pinned);
    expect([...trace.haPriority]).toEqual([2, 3, 0]);
  });

  it('reports bad values with their rows', () => {
    try {
      loadRequestTrace(write([
        'time_s,flavor,lifetime_s,server_group,group_policy,hypervisor',
        '0,a,10,web,sideways,xen',
        '1,a,10,g,affinity,',
        '2,a,10,g,anti-affinity,',
      ].join('\n')), flavors);
      expect.unreachable();
    } catch (error) {
      const messages = (error as InputError).problems.map((p) => `${p.path}: ${p.message}`);
      expect(messages).toEqual([
        'row 1 (line 2): hypervisor: expected kvm, vmware or empty, got "xen"',
        'row 1 (line 2): group_policy: expected affinity or anti-affinity, got "sideways"',
        'row 3 (line 4): server group "g": policy/max_server_per_host differ from its first row',
      ]);
    }
  });
});
