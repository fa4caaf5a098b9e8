// The benchmark scenarios: a scaling series of identical hosts for each placement style, and the default scenario.
// Generated here (not files) so the series scales by one number; every one goes through the scenario schema.

export type PlacementStyle = 'first-fit' | 'spread' | 'stack';
export const STYLES: readonly PlacementStyle[] = ['first-fit', 'spread', 'stack'];

export interface BenchScenario {
  id: string;
  /** Hosts in the fleet (for the scaling columns). */
  hosts: number;
  style: PlacementStyle | WeigherProfile | 'scenario';
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

/**
 * Replications of the scaling series, run back to back in one process as a researcher's batch does: a single
 * 1,000-host run lasts 0.3 s, much of it JIT warm-up, while the bare-heap limit it is compared with is a warm loop.
 */
export function scalingReplications(hosts: number): number {
  return hosts <= 100 ? 20 : hosts <= 1000 ? 5 : 1;
}

/** Hosts of 32 vCPU / 128 GiB; ~260 requests per host over 30 days; mean lifetime 24 h; three flavors. */
export function scalingScenario(hosts: number, style: PlacementStyle, horizonDays = 30): object {
  return {
    name: `scale-${hosts}-${style}`,
    horizon: `${horizonDays}d`,
    warmup: 0,
    seed: 1,
    replications: scalingReplications(hosts),
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

/**
 * `racks` racks of `rackSize` hosts (1,024 hosts: 64 racks of 16; 10,000: 250 racks of 40) with frequent host failures
 * (exponential, mean 20 d per host; repairs lognormal, median 4 h) and rack outages (mean gap 10 d, 1–6 h), so
 * recoveries overlap: Masakari evacuations on KVM, or vSphere HA restarts in clusters of one rack each. Hosts and
 * workload as in the scaling series; grizzly's default RAM weigher (spread): with first fit Nova would send every
 * request to the first clusters, whose HA admission control refuses it while Nova still sees free RAM there, and
 * reject most requests after three attempts.
 */
export function stormScenario(arm: 'masakari' | 'vsphere-ha', racks = 64, rackSize = 16): object {
  const hosts = racks * rackSize;
  return {
    ...(scalingScenario(hosts, 'spread') as Record<string, unknown>),
    name: `storm-${hosts}-${arm}`,
    replications: hosts <= 1024 ? 2 : 1,
    fleet: Array.from({ length: racks }, (_, r) => ({
      group: `rack${r}`, count: rackSize, cpus: 32, ramMiB: 131072, diskGiB: 2000, az: 'az1',
    })),
    failures: {
      hostFailure: { exponential: { mean: '20d' } },
      repair: { lognormal: { median: '4h', sigma: 1 } },
      groups: Array.from({ length: racks }, (_, r) => ({
        group: `rack${r}`, failure: { exponential: { mean: '10d' } }, repair: { uniform: { min: '1h', max: '6h' } },
      })),
    },
    arms: [arm === 'masakari'
      ? { name: 'masakari', platform: 'kvm', release: 'queens',
        recovery: { novaEvacuate: { trigger: 'masakari', storage: 'shared', masakari: { method: 'auto' } } } }
      : { name: 'vsphere-ha', platform: { vcenter: { clusterSize: rackSize, memoryOvercommit: 1.5 } },
        recovery: { vsphereHa: {} } }],
  };
}

/**
 * Hosts of the scaling series (1,024 as 16-host clusters, 10,000 as 40-host clusters) as vSphere clusters behind Nova
 * with DRS balancing every 5 min, no failures.
 */
export function drsScenario(hosts = 1024, clusterSize = 16): object {
  const base = scalingScenario(hosts, 'spread') as Record<string, unknown>;
  return {
    ...base,
    name: `vcenter-drs-${hosts}`,
    replications: hosts <= 1024 ? 2 : 1,
    arms: [{ name: 'vcenter-drs', platform: { vcenter: { clusterSize, memoryOvercommit: 1.5 } },
      drs: { interval: '5m', threshold: 3 } }],
  };
}

/** Nova's default weigher lists against one RAM weigher (the single-weigher index), all normalised. */
export type WeigherProfile = 'ram-only' | 'queens-defaults' | 'modern-defaults';
export const WEIGHER_PROFILES: readonly WeigherProfile[] = ['ram-only', 'queens-defaults', 'modern-defaults'];

/**
 * The scaling series' hosts and workload under the queens or modern release with its default weigher list (queens:
 * RAM + disk; modern: RAM, CPU, disk, build failure), or the modern release with the RAM weigher alone. The arrival
 * rate is scaled by the release's RAM allocation ratio over grizzly's 1.5, so the fleet is as full as the series'.
 */
export function weigherScenario(hosts: number, profile: WeigherProfile, horizonDays = 30): object {
  const release = profile === 'queens-defaults' ? 'queens' : 'modern';
  const ramRatio = release === 'queens' ? 1.5 : 1.0;
  const base = scalingScenario(hosts, 'spread', horizonDays) as { workload: { arrivals: { poisson: { ratePerHour: number } } } };
  return {
    ...base,
    name: `weighers-${hosts}-${profile}`,
    horizon: `${horizonDays * 24}h`,
    release,
    workload: { ...base.workload, arrivals: { poisson: { ratePerHour: (hosts * 260 * ramRatio) / (1.5 * 30 * 24) } } },
    arms: [{ name: profile, platform: 'kvm', nova: profile === 'ram-only' ? { weighers: [{ ram: 1.0 }] } : {} }],
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
  // Every era's default weighers on the index, against one weigher, at the sizes where the reference is O(hosts).
  for (const hosts of [10000, 50000]) {
    for (const profile of WEIGHER_PROFILES) {
      list.push({ id: `weighers-${hosts}-${profile}`, hosts, style: profile, scenario: weigherScenario(hosts, profile),
        fastPath: true, quick: false });
    }
  }
  // What the default lists cost before they were indexed: 12 simulated hours (a full 30 days would take ~40 min).
  list.push({ id: 'weighers-10000-modern-defaults-12h-reference', hosts: 10000, style: 'modern-defaults',
    scenario: weigherScenario(10000, 'modern-defaults', 0.5), fastPath: false, quick: false });
  list.push({ id: 'weighers-10000-modern-defaults-12h', hosts: 10000, style: 'modern-defaults',
    scenario: weigherScenario(10000, 'modern-defaults', 0.5), fastPath: true, quick: false });
  list.push({ id: 'storm-1024-masakari', hosts: 1024, style: 'scenario', scenario: stormScenario('masakari'), fastPath: true,
    quick: false });
  list.push({ id: 'storm-1024-vsphere-ha', hosts: 1024, style: 'scenario', scenario: stormScenario('vsphere-ha'),
    fastPath: true, quick: false });
  list.push({ id: 'vcenter-drs-1024', hosts: 1024, style: 'scenario', scenario: drsScenario(), fastPath: true, quick: false });
  // The recovery and DRS arms at 10,000 hosts (250 racks or clusters of 40), one replication each.
  list.push({ id: 'storm-10000-masakari', hosts: 10000, style: 'scenario', scenario: stormScenario('masakari', 250, 40),
    fastPath: true, quick: false });
  list.push({ id: 'storm-10000-vsphere-ha', hosts: 10000, style: 'scenario', scenario: stormScenario('vsphere-ha', 250, 40),
    fastPath: true, quick: false });
  list.push({ id: 'vcenter-drs-10000', hosts: 10000, style: 'scenario', scenario: drsScenario(10000, 40), fastPath: true,
    quick: false });
  list.push({ id: 'default', hosts: 64, style: 'scenario', scenario: 'scenarios/nova-vs-vsphere.yaml', fastPath: true, quick: true });
  list.push({ id: 'default-reference', hosts: 64, style: 'scenario', scenario: 'scenarios/nova-vs-vsphere.yaml', fastPath: false,
    quick: false });
  return list;
}
