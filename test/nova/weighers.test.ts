// Weighers and Nova's normalisation as tables: worked examples computed from nova/weights.py normalize @ 26.0.0 and the
// cases of nova/tests/unit/scheduler/weights/test_weights_{ram,cpu,disk,num_instances}.py (master).

import { describe, expect, it } from 'vitest';
import type { WeigherName } from '../../src/nova/config-schema.js';
import { FilterScheduler } from '../../src/nova/filter-scheduler.js';
import type { NovaConfig } from '../../src/nova/release-profiles.js';
import { WEIGHERS } from '../../src/nova/weighers/index.js';
import { weigh } from '../../src/nova/weighers/weigh.js';
import { configOf, fakeNodes, type NodeSpec } from './fake-nodes.js';

interface Case {
  name: string;
  nodes: NodeSpec[];
  weighers: [WeigherName, number][];
  normalisation?: 'none' | 'max';
  failedBuilds?: number[];
  config?: Partial<NovaConfig>;
  want: number[];
  winner: number;
}

const NO_RESERVE = { reservedHostMemoryMiB: 0, reservedHostDiskMiB: 0, ramAllocationRatio: 1, cpuAllocationRatio: 1 };
const freeRam = (...mib: number[]) => mib.map((m) => ({ ramMiB: 16384, usedRamMiB: 16384 - m }));
const GIB = 1024;
const THREE_HOSTS = [
  { name: 'A', vcpus: 8, ramMiB: 8 * GIB },
  { name: 'B', vcpus: 12, ramMiB: 32 * GIB },
  { name: 'C', vcpus: 24, ramMiB: 64 * GIB },
];

const CASES: Case[] = [
  { name: 'example: free RAM 1024/4096/8192 → 0.125/0.5/1.0, +1 picks the 8192 host', nodes: freeRam(1024, 4096, 8192),
    weighers: [['ram', 1]], config: NO_RESERVE, want: [0.125, 0.5, 1.0], winner: 2 },
  { name: 'example: same hosts, −1 picks the 1024 host', nodes: freeRam(1024, 4096, 8192),
    weighers: [['ram', -1]], config: NO_RESERVE, want: [-0.125, -0.5, -1.0], winner: 0 },
  { name: 'example: A/B/C, RAM +1 and CPU −2 → Nova picks B', nodes: THREE_HOSTS,
    weighers: [['ram', 1], ['cpu', -2]], config: NO_RESERVE,
    want: [0.125 - 2 / 3, 0.5 - 1, 1 - 2], winner: 1 },
  { name: 'A/B/C with raw sums (grizzly) picks C', nodes: THREE_HOSTS, normalisation: 'none',
    weighers: [['ram', 1], ['cpu', -2]], config: NO_RESERVE,
    want: [8192 - 16, 32768 - 24, 65536 - 48], winner: 2 },
  { name: 'ram: 512/1024/3072/8192 → host4 weighs 1.0', nodes: freeRam(512, 1024, 3072, 8192),
    weighers: [['ram', 1]], config: NO_RESERVE, want: [1 / 16, 1 / 8, 3 / 8, 1], winner: 3 },
  { name: 'ram multiplier 0.0: all weigh 0, first host', nodes: freeRam(512, 1024, 3072, 8192),
    weighers: [['ram', 0]], config: NO_RESERVE, want: [0, 0, 0, 0], winner: 0 },
  { name: 'ram multiplier 2.0: host4 weighs 2.0', nodes: freeRam(512, 1024, 3072, 8192),
    weighers: [['ram', 2]], config: NO_RESERVE, want: [1 / 8, 1 / 4, 3 / 4, 2], winner: 3 },
  { name: 'ram negative free RAM clamps at 0 and loses', nodes: freeRam(512, 1024, 3072, 8192, -512),
    weighers: [['ram', 1]], config: NO_RESERVE, want: [1 / 16, 1 / 8, 3 / 8, 1, 0], winner: 3 },
  { name: 'ram: all equal and positive → each 1.0 (minval 0 is the floor, not the list minimum)',
    nodes: freeRam(4096, 4096), weighers: [['ram', 1]], config: NO_RESERVE, want: [1, 1], winner: 0 },
  { name: 'ram: all at or below 0 → all 0', nodes: freeRam(0, -100), weighers: [['ram', 1]], config: NO_RESERVE,
    want: [0, 0], winner: 0 },
  { name: 'cpu: free 0/2/6/16 → host4 weighs 1.0',
    nodes: [{ vcpus: 8, usedVcpus: 8 }, { vcpus: 4, usedVcpus: 2 }, { vcpus: 6 }, { vcpus: 16 }],
    weighers: [['cpu', 1]], config: NO_RESERVE, want: [0, 2 / 16, 6 / 16, 1], winner: 3 },
  { name: 'disk: free 5120/10240/30720/81920 MB → host4 weighs 1.0',
    nodes: [5, 10, 30, 80].map((gb) => ({ diskGiB: 100, usedDiskGiB: 100 - gb })),
    weighers: [['disk', 1]], config: NO_RESERVE, want: [5 / 80, 10 / 80, 30 / 80, 1], winner: 3 },
  { name: 'numInstances default 0.0: host1 (first) wins with 0', nodes: [2, 5, 4, 10].map((n) => ({ instances: n })),
    weighers: [['numInstances', 0]], want: [0, 0, 0, 0], winner: 0 },
  { name: 'numInstances +2.0: host4 (most instances) weighs 2.0, min-max',
    nodes: [2, 5, 4, 10].map((n) => ({ instances: n })), weighers: [['numInstances', 2]],
    want: [0, 2 * 3 / 8, 2 * 2 / 8, 2], winner: 3 },
  { name: 'numInstances −2.0: host1 (fewest) weighs 0.0', nodes: [2, 5, 4, 10].map((n) => ({ instances: n })),
    weighers: [['numInstances', -2]], want: [0, -2 * 3 / 8, -2 * 2 / 8, -2], winner: 0 },
  { name: 'buildFailure 1e6: the node with most recent failures sinks', nodes: [{}, {}, {}],
    failedBuilds: [0, 3, 1], weighers: [['buildFailure', 1e6]], want: [0, -1e6, -1e6 / 3], winner: 0 },
  { name: 'a single candidate is not weighed', nodes: freeRam(4096), weighers: [['ram', 1]], config: NO_RESERVE,
    want: [0], winner: 0 },
  { name: 'grizzly: raw free RAM × multiplier, reserve included', nodes: freeRam(1024, 4096),
    normalisation: 'none', weighers: [['ram', -1]], config: { reservedHostMemoryMiB: 512 },
    want: [-(1024 - 512), -(4096 - 512)], winner: 0 },
];

describe('weighers', () => {
  it.each(CASES)('$name', (c) => {
    const nodes = fakeNodes(c.nodes);
    c.failedBuilds?.forEach((f, i) => (nodes[i].failedBuilds = f));
    const config = configOf('modern', {
      weighers: c.weighers.map(([name, multiplier]) => ({ name, multiplier })),
      weightNormalisation: c.normalisation ?? 'max',
      filters: [],
      ...c.config,
    });
    const scores = new Float64Array(nodes.length);
    weigh(nodes, config, scores);
    c.want.forEach((w, i) => expect(scores[i]).toBeCloseTo(w, 9));
    const chosen = new FilterScheduler(nodes, { ...config, capacityCheck: 'filters' }, () => 0).select(
      { vcpus: 1, ramMiB: 1, diskGiB: 0 }, 0, new Set());
    expect(chosen?.id).toBe(c.winner);
  });

  it('every weigher has a table case', () => {
    const covered = new Set(CASES.flatMap((c) => c.weighers.map(([name]) => name)));
    expect(Object.keys(WEIGHERS).filter((name) => !covered.has(name as WeigherName))).toEqual([]);
  });

  it('min-max normalisation would pick A in the three-host case: capsim does not do that', () => {
    const nodes = fakeNodes(THREE_HOSTS);
    const config = configOf('modern', { ...NO_RESERVE, weighers: [{ name: 'ram', multiplier: 1 }, { name: 'cpu', multiplier: -2 }] });
    const scores = new Float64Array(3);
    weigh(nodes, config, scores);
    const minMax = (xs: number[]) => xs.map((x) => (x - Math.min(...xs)) / (Math.max(...xs) - Math.min(...xs)));
    const ram = minMax([8, 32, 64]);
    const cpu = minMax([8, 12, 24]);
    const minMaxScores = ram.map((r, i) => r - 2 * cpu[i]);
    expect(minMaxScores.indexOf(Math.max(...minMaxScores))).toBe(0);
    expect(scores.indexOf(Math.max(...scores))).toBe(1);
  });
});
