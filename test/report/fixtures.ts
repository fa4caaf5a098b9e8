// Writes realistic synthetic results folders that follow the output contract (docs/outputs.md), so report tests
// need no simulator: a single run (3 arms × 3 replications by default) and a sweep over 2 parameters.
// Deterministic: a seeded generator, no Math.random.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: a tiny seeded generator, enough for fixtures. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const round = (value: number, digits = 4) => String(Math.round(value * 10 ** digits) / 10 ** digits);

function csv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return [header.join(','), ...rows.map((r) => r.map(String).join(','))].join('\n') + '\n';
}

const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];
function ci(values: readonly number[]): [number, number, number] {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return [mean, mean, mean];
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  const half = (T975[n - 2] ?? 1.96) * (sd / Math.sqrt(n));
  return [mean, mean - half, mean + half];
}

export const SUMMARY_METRICS = [
  'requests', 'placed', 'rejected_no_valid_host', 'rejected_late', 'rejected_admission', 'rejection_rate',
  'host_failures', 'vms_affected', 'vms_recovered', 'vms_lost', 'vms_data_lost', 'recovery_p50_s', 'recovery_p95_s',
  'recovery_max_s', 'vm_downtime_h', 'availability', 'migrations', 'mean_ram_util', 'mean_frag_index',
  'mean_stranded_ram_frac',
  // an extra metric the report does not know: it must still show up (in the "Other metrics" table)
  'mean_phantom_ram_mib',
] as const;

export const ARM_SETTINGS = [
  { name: 'nova-kvm-manual-evacuate', platform: 'kvm', nova: { ramAllocationRatio: 1.5, weighers: [{ ram: 1 }] }, recovery: { novaEvacuate: { trigger: 'manual', storage: 'shared' } } },
  { name: 'nova-kvm-masakari', platform: 'kvm', recovery: { novaEvacuate: { trigger: 'masakari', storage: 'local' } } },
  { name: 'vcenter-ha-drs', platform: { vcenter: { clusterSize: 16 } }, recovery: { vsphereHa: { admissionControl: { percentage: 13 } } }, drs: { interval: '5m', threshold: 3 } },
  { name: 'hybrid', platform: { byGroup: { 'rack-a': 'kvm', 'rack-b': { vcenter: { clusterSize: 16 } } } } },
];

const FLAVORS = [
  { name: 'm1.small', ramMiB: 2048, weight: 0.5 },
  { name: 'm1.large', ramMiB: 8192, weight: 0.3 },
  { name: 'm1.xlarge', ramMiB: 16384, weight: 0.2 },
];

/** Per-arm behaviour: how often it rejects, how fragmented it gets, how fast it recovers. */
const ARM_PROFILE = [
  { reject: 0.02, late: 0, admission: 0, frag: 0.18, recoveryS: 2400, lost: 0.02, dataLost: 0 },
  { reject: 0.021, late: 0, admission: 0, frag: 0.19, recoveryS: 300, lost: 0.01, dataLost: 0.3 },
  { reject: 0.012, late: 0.01, admission: 0.004, frag: 0.27, recoveryS: 110, lost: 0.003, dataLost: 0 },
  { reject: 0.015, late: 0.005, admission: 0.002, frag: 0.22, recoveryS: 200, lost: 0.006, dataLost: 0.1 },
];

interface ArmRep {
  values: Record<string, number>;
  flavorRates: number[];
  flavorRequests: number[];
}

/** One (arm, replication)'s summary numbers; `load` scales the arrival rate (sweeps), `exogenous` is shared (CRN). */
function simulateSummary(arm: number, exogenous: () => number, own: () => number, horizonH: number, load: number, hosts: number): ArmRep {
  const p = ARM_PROFILE[arm % ARM_PROFILE.length];
  const requests = Math.round(40 * load * horizonH * (1 + 0.03 * normal(exogenous)));
  const pressure = load * (32 / hosts);
  const noValid = Math.round(requests * p.reject * pressure * (1 + 0.15 * normal(own)));
  const late = Math.round(requests * p.late * pressure * (1 + 0.2 * normal(own)));
  const admission = Math.round(requests * p.admission * (1 + 0.3 * normal(own)));
  const rejected = Math.max(0, noValid) + Math.max(0, late) + Math.max(0, admission);
  const hostFailures = Math.max(1, Math.round(hosts * horizonH / 500 * (1 + 0.2 * normal(exogenous))));
  const affected = hostFailures * Math.round(12 * load);
  const lost = Math.round(affected * p.lost * (1 + 0.5 * own()));
  const recovered = affected - lost;
  const p50 = p.recoveryS * (1 + 0.1 * normal(own));
  const downtimeH = (recovered * p50 * 1.3 + lost * 3600 * 8) / 3600;
  const vmLifetimeH = (requests - rejected) * Math.min(48, horizonH / 2);
  const flavorRates = FLAVORS.map((f) => Math.min(1, Math.max(0, (rejected / requests) * (f.ramMiB / 6000) * (1 + 0.1 * normal(own)))));
  return {
    values: {
      requests,
      placed: requests - rejected,
      rejected_no_valid_host: Math.max(0, noValid),
      rejected_late: Math.max(0, late),
      rejected_admission: Math.max(0, admission),
      rejection_rate: rejected / requests,
      host_failures: hostFailures,
      vms_affected: affected,
      vms_recovered: recovered,
      vms_lost: lost,
      vms_data_lost: Math.round(recovered * p.dataLost),
      recovery_p50_s: p50,
      recovery_p95_s: p50 * 2.6,
      recovery_max_s: p50 * 4.1,
      vm_downtime_h: downtimeH,
      availability: 1 - downtimeH / vmLifetimeH,
      migrations: arm === 2 ? Math.round(requests * 0.2 * (1 + 0.1 * normal(own))) : 0,
      mean_ram_util: 0.71 * Math.min(1.2, load) * (1 - p.reject) + 0.01 * normal(own),
      mean_frag_index: p.frag * (1 + 0.08 * normal(own)),
      mean_stranded_ram_frac: p.frag * 0.6 * (1 + 0.08 * normal(own)),
      mean_phantom_ram_mib: arm === 2 ? 150000 * (1 + 0.1 * normal(own)) : 0,
    },
    flavorRates,
    flavorRequests: FLAVORS.map((f) => Math.round(requests * f.weight)),
  };
}

/** comparison.csv rows for one group of arm × replication results (one sweep point, or the whole run). */
function comparisonRows(prefix: readonly (string | number)[], arms: readonly string[], reps: ArmRep[][]): (string | number)[][] {
  const rows: (string | number)[][] = [];
  for (const metric of SUMMARY_METRICS) {
    arms.forEach((arm, a) => {
      const values = reps[a].map((r) => r.values[metric]);
      const [mean, low, high] = ci(values);
      let diff: string[] = ['', '', ''];
      if (a > 0) {
        const d = ci(values.map((v, i) => v - reps[0][i].values[metric]));
        diff = d.map((x) => round(x, 6));
      }
      rows.push([...prefix, arm, metric, round(mean, 6), round(low, 6), round(high, 6), values.length, ...diff,
        'bootstrap-percentile', a > 0 ? 't' : '', 'all']);
    });
  }
  return rows;
}

const COMPARISON_HEADER = ['arm', 'metric', 'mean', 'ci95_low', 'ci95_high', 'n', 'diff_mean', 'diff_ci95_low', 'diff_ci95_high',
  'ci_method', 'diff_ci_method', 'stratum'];
const FLAVORS_HEADER = ['arm', 'replication', 'flavor', 'requests', 'placed', 'rejected', 'rejection_rate'];

export interface RunFixtureOptions {
  arms?: number;
  replications?: number;
  horizonS?: number;
  sampleIntervalS?: number;
  /** write vms.csv (as `capsim run --vm-log` does) */
  vmLog?: boolean;
  /** VMs per (arm, replication) in vms.csv */
  vmsPerReplication?: number;
  seed?: number;
}

export function writeRunFixture(dir: string, options: RunFixtureOptions = {}): string {
  const armCount = options.arms ?? 3;
  const replications = options.replications ?? 3;
  const horizonS = options.horizonS ?? 2 * 86400;
  const sampleS = options.sampleIntervalS ?? 1800;
  const seed = options.seed ?? 1;
  const arms = ARM_SETTINGS.slice(0, armCount).map((a) => a.name);
  mkdirSync(dir, { recursive: true });
  const reps: ArmRep[][] = arms.map(() => []);
  const summary: (string | number)[][] = [];
  const flavors: (string | number)[][] = [];
  for (let r = 0; r < replications; r++) {
    arms.forEach((arm, a) => {
      const rep = simulateSummary(a, generator(seed * 1000 + r), generator(seed * 1000 + r * 17 + a * 7919 + 1), horizonS / 3600, 1, 32);
      reps[a].push(rep);
      summary.push(['fixture-run', arm, r, seed + r, ...SUMMARY_METRICS.map((m) => round(rep.values[m], 6))]);
      FLAVORS.forEach((f, k) => {
        const requested = rep.flavorRequests[k];
        const rejected = Math.round(requested * rep.flavorRates[k]);
        flavors.push([arm, r, f.name, requested, requested - rejected, rejected, round(rejected / requested, 6)]);
      });
    });
  }
  writeFileSync(join(dir, 'summary.csv'), csv(['scenario', 'arm', 'replication', 'seed', ...SUMMARY_METRICS], summary));
  writeFileSync(join(dir, 'comparison.csv'), csv(COMPARISON_HEADER, comparisonRows([], arms, reps)));
  writeFileSync(join(dir, 'flavors.csv'), csv(FLAVORS_HEADER, flavors));
  writeTimeseries(dir, arms, replications, horizonS, sampleS, seed);
  if (options.vmLog ?? true) writeVms(dir, arms, replications, horizonS, options.vmsPerReplication ?? 120, seed);
  writeManifest(dir, 'fixture-run', ARM_SETTINGS.slice(0, armCount), replications, seed, null);
  return dir;
}

const TIMESERIES_HEADER = [
  'time_s', 'arm', 'replication', 'running_vms', 'down_vms', 'hosts_up', 'ram_used_mib', 'ram_free_mib',
  'largest_free_ram_mib', 'nova_visible_free_ram_mib', 'phantom_ram_mib', 'frag_index', 'stranded_ram_frac', 'imbalance',
  'pending_recoveries', 'cum_requests', 'cum_rejected', 'overcommitted_ram_mib', 'vms_on_overcommitted_hosts',
  'ram_util_physical', 'ram_util_committed', 'admission_ram_free_mib', 'admission_frag_index',
];

function writeTimeseries(dir: string, arms: readonly string[], replications: number, horizonS: number, sampleS: number, seed: number): void {
  const hosts = 64;
  const hostRamMiB = 262144;
  const lines = [TIMESERIES_HEADER.join(',')];
  for (let r = 0; r < replications; r++) {
    // Host failures are exogenous: the same in every arm of a replication.
    const failures = generator(seed * 31 + r);
    const failureTimes = Array.from({ length: 3 }, () => failures() * horizonS);
    arms.forEach((arm, a) => {
      const p = ARM_PROFILE[a % ARM_PROFILE.length];
      const noise = generator(seed * 977 + r * 13 + a);
      let cumRequests = 0;
      let cumRejected = 0;
      for (let t = 0; t <= horizonS; t += sampleS) {
        const fill = 1 - Math.exp(-t / (horizonS / 4));
        const running = Math.round(900 * fill + 20 * normal(noise));
        const down = failureTimes.reduce((s, ft) => s + (t >= ft && t < ft + p.recoveryS * 3 ? 12 : 0), 0);
        const hostsUp = hosts - failureTimes.filter((ft) => t >= ft && t < ft + 3600).length;
        const used = Math.max(0, running * 5400);
        const free = hostsUp * hostRamMiB - used;
        const frag = Math.max(0, p.frag * fill + 0.02 * normal(noise));
        cumRequests += Math.round(40 * (sampleS / 3600));
        cumRejected += Math.round(40 * (sampleS / 3600) * p.reject * fill * 2);
        lines.push([
          t, arm, r, Math.max(0, running), down, hostsUp, used, free, Math.round(hostRamMiB * (1 - 0.6 * fill)),
          a === 2 ? free + Math.round(40000 * fill) : free, a === 2 ? Math.round(40000 * fill) : 0, round(frag), round(frag * 0.6), round(0.05 + 0.1 * fill * (a === 2 ? 0.5 : 1)),
          down > 0 ? Math.round(down / 3) : 0, cumRequests, cumRejected, Math.max(0, used - hostsUp * hostRamMiB),
          used > hostsUp * hostRamMiB ? Math.max(0, running) : 0,
          round(used / (hostsUp * (hostRamMiB - 512))), round(used / (hostsUp * (hostRamMiB - 512) * 1.5)),
          a === 2 ? Math.round(hostRamMiB * (1 - fill)) : free, a === 2 ? 0 : round(frag * 1.1),
        ].join(','));
      }
    });
  }
  writeFileSync(join(dir, 'timeseries.csv'), lines.join('\n') + '\n');
}

const VMS_HEADER = ['id', 'arm', 'replication', 'flavor', 'arrival_s', 'outcome', 'host', 'compute_node', 'attempts', 'downtime_s', 'recoveries', 'data_lost'];

function writeVms(dir: string, arms: readonly string[], replications: number, horizonS: number, perReplication: number, seed: number): void {
  const lines = [VMS_HEADER.join(',')];
  for (let r = 0; r < replications; r++) {
    arms.forEach((arm, a) => {
      const p = ARM_PROFILE[a % ARM_PROFILE.length];
      const exogenous = generator(seed * 7 + r);
      const own = generator(seed * 7919 + r * 101 + a);
      for (let i = 0; i < perReplication; i++) {
        const flavor = FLAVORS[Math.floor(exogenous() * FLAVORS.length)].name;
        const arrival = Math.round(exogenous() * horizonS);
        const affected = exogenous() < 0.25;
        const rejected = own() < p.reject * 3;
        const host = `rack-${i % 2 === 0 ? 'a' : 'b'}-${i % 32}`;
        const node = a === 2 ? `cluster-${i % 4}` : host;
        if (rejected) {
          lines.push([`vm-${i}`, arm, r, flavor, arrival, 'rejected_no_valid_host', '', '', 3, 0, 0, 'false'].join(','));
        } else if (affected && own() < p.lost * 10) {
          lines.push([`vm-${i}`, arm, r, flavor, arrival, 'lost', host, node, 1, Math.round(horizonS - arrival), 0, 'false'].join(','));
        } else if (affected) {
          const downtime = Math.round(p.recoveryS * Math.exp(0.8 * normal(own)));
          lines.push([`vm-${i}`, arm, r, flavor, arrival, 'recovered', host, node, 1, downtime, 1, own() < p.dataLost ? 'true' : 'false'].join(','));
        } else {
          lines.push([`vm-${i}`, arm, r, flavor, arrival, 'completed', host, node, 1, 0, 0, 'false'].join(','));
        }
      }
    });
  }
  writeFileSync(join(dir, 'vms.csv'), lines.join('\n') + '\n');
}

function writeManifest(dir: string, scenario: string, arms: readonly object[], replications: number, seed: number, sweep: { parameters: string[]; points: number } | null): void {
  const manifest = {
    capsimVersion: '0.1.0',
    scenario,
    scenarioHash: 'c0ffee00d15ea5e5c0ffee00d15ea5e5c0ffee00d15ea5e5c0ffee00d15ea5e5',
    seed,
    replications,
    arms,
    commandLine: sweep === null ? 'capsim run scenarios/fixture.yaml --out results --vm-log' : `capsim sweep scenarios/fixture.yaml ${sweep.parameters.map((p) => `--vary ${p}=...`).join(' ')}`,
    nodeVersion: 'v20.20.2',
    wallTimeSeconds: 12.5,
    ...(sweep === null ? {} : { sweep }),
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
}

export const SWEEP_RATE = 'workload.arrivals.poisson.ratePerHour';
export const SWEEP_HOSTS = 'fleet[0].count';

export interface SweepFixtureOptions {
  rates?: readonly number[];
  hostCounts?: readonly number[];
  arms?: number;
  replications?: number;
  seed?: number;
}

/** A sweep over the arrival rate and the size of the first fleet group (default 3 × 2 = 6 points). */
export function writeSweepFixture(dir: string, options: SweepFixtureOptions = {}): string {
  const rates = options.rates ?? [20, 40, 60];
  const hostCounts = options.hostCounts ?? [16, 32];
  const armCount = options.arms ?? 3;
  const replications = options.replications ?? 3;
  const seed = options.seed ?? 7;
  const arms = ARM_SETTINGS.slice(0, armCount).map((a) => a.name);
  mkdirSync(dir, { recursive: true });
  const summary: (string | number)[][] = [];
  const comparison: (string | number)[][] = [];
  const flavors: (string | number)[][] = [];
  for (const rate of rates) {
    for (const count of hostCounts) {
      const reps: ArmRep[][] = arms.map(() => []);
      for (let r = 0; r < replications; r++) {
        arms.forEach((arm, a) => {
          const rep = simulateSummary(a, generator(seed * 1000 + r + rate * 7 + count), generator(seed + r * 17 + a * 7919 + rate + count * 3), 48, rate / 40, count);
          reps[a].push(rep);
          summary.push([rate, count, 'fixture-sweep', arm, r, seed + r, ...SUMMARY_METRICS.map((m) => round(rep.values[m], 6))]);
          FLAVORS.forEach((f, k) => {
            const requested = rep.flavorRequests[k];
            const rejected = Math.round(requested * rep.flavorRates[k]);
            flavors.push([rate, count, arm, r, f.name, requested, requested - rejected, rejected, round(rejected / requested, 6)]);
          });
        });
      }
      comparison.push(...comparisonRows([rate, count], arms, reps));
    }
  }
  const params = [SWEEP_RATE, SWEEP_HOSTS];
  writeFileSync(join(dir, 'summary.csv'), csv([...params, 'scenario', 'arm', 'replication', 'seed', ...SUMMARY_METRICS], summary));
  writeFileSync(join(dir, 'comparison.csv'), csv([...params, ...COMPARISON_HEADER], comparison));
  writeFileSync(join(dir, 'flavors.csv'), csv([...params, ...FLAVORS_HEADER], flavors));
  writeManifest(dir, 'fixture-sweep', ARM_SETTINGS.slice(0, armCount), replications, seed, { parameters: params, points: rates.length * hostCounts.length });
  return dir;
}
