// The benchmark scenarios: a scaling series of identical hosts for each placement style, and the default scenario.
// Generated here (not files) so the series scales by one number; every one goes through the scenario schema.

export type PlacementStyle = 'first-fit' | 'spread' | 'stack';
export const STYLES: readonly PlacementStyle[] = ['first-fit', 'spread', 'stack'];

export interface BenchScenario {
  id: string;
  /** Hosts in the fleet (for the scaling columns). */
  hosts: number;
  style: PlacementStyle | 'scenario';
  /** A scenario object (schema input) or a scenario file. */
  scenario: object | string;
  fastPath: boolean;
  /** Part of `--quick`. */
  quick: boolean;
}

const WEIGHERS: Record<PlacementStyle, object[]> = {
  'first-fit': [],
  spread: [{ ram: 1.0 }],
  stack: [{ ram: -1.0 }],
};

/** Hosts of 32 vCPU / 128 GiB; ~260 requests per host over 30 days; mean lifetime 24 h; three flavors. */
export function scalingScenario(hosts: number, style: PlacementStyle, horizonDays = 30): object {
  return {
    name: `scale-${hosts}-${style}`,
    horizon: `${horizonDays}d`,
    warmup: 0,
    seed: 1,
    replications: 1,
    sampleInterval: '5m',
    release: 'grizzly',
    fleet: [{ group: 'h', count: hosts, cpus: 32, ramMiB: 131072, diskGiB: 2000, az: 'az1' }],
    workload: {
      arrivals: { poisson: { ratePerHour: (hosts * 260) / (30 * 24) } },
      lifetime: { exponential: { mean: '24h' } },
      flavors: [
        { name: 'm1.medium', vcpus: 4, ramMiB: 8192, diskGiB: 40, weight: 40 },
        { name: 'm1.large', vcpus: 8, ramMiB: 16384, diskGiB: 80, weight: 35 },
        { name: 'm1.xlarge', vcpus: 16, ramMiB: 49152, diskGiB: 160, weight: 25 },
      ],
    },
    arms: [{ name: style, platform: 'kvm', nova: { weighers: WEIGHERS[style] } }],
  };
}

export function benchScenarios(): BenchScenario[] {
  const list: BenchScenario[] = [];
  for (const hosts of [100, 1000, 10000, 50000]) {
    for (const style of STYLES) {
      list.push({ id: `scale-${hosts}-${style}`, hosts, style, scenario: scalingScenario(hosts, style), fastPath: true,
        quick: hosts <= 1000 });
    }
  }
  // The reference pipeline on the small fleets: same rejection rates, and what the index saves.
  for (const hosts of [100, 1000]) {
    for (const style of STYLES) {
      list.push({ id: `scale-${hosts}-${style}-reference`, hosts, style, scenario: scalingScenario(hosts, style),
        fastPath: false, quick: hosts <= 100 });
    }
  }
  list.push({ id: 'default', hosts: 64, style: 'scenario', scenario: 'scenarios/nova-vs-vsphere.yaml', fastPath: true, quick: true });
  list.push({ id: 'default-reference', hosts: 64, style: 'scenario', scenario: 'scenarios/nova-vs-vsphere.yaml', fastPath: false,
    quick: false });
  return list;
}
