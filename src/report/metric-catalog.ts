// What the report knows about summary/comparison metrics: a readable label, the unit shown, the factor from the
// CSV unit to the shown unit, and which headline figure a metric belongs to. Metrics not listed here still appear
// in the "Other metrics" table.

export interface MetricInfo {
  label: string;
  /** the unit after scaling, as printed on axes and in table headers */
  unit: string;
  /** shown value = CSV value × scale (fractions become percentages) */
  scale: number;
  /** bars start at zero; false draws dots (e.g. availability, where all arms sit near 100 %) */
  zero: boolean;
  /** significant digits in tables (availability needs more than three to tell 99.95 % from 99.99 %) */
  digits: number;
  /** the values the quantity can take, in shown units: confidence intervals are clipped to it */
  range: readonly [number, number];
  /** findings say `${arm} ${verb} 3 ${differenceUnit} ${more} ${noun} than …` when a verb is set, else
   * `${arm}: ${label} 3 ${differenceUnit} ${more} than …` */
  verb: string | null;
  noun: string;
  /** unit of a difference in findings ("points" for percentages) */
  differenceUnit: string;
  /** words for a positive and a negative difference */
  more: string;
  less: string;
}

type Options = Partial<Omit<MetricInfo, 'label' | 'unit' | 'scale'>>;

/** Percentages and counts cannot leave [0, 100] and [0, ∞). */
function defaultRange(unit: string): readonly [number, number] {
  return unit.startsWith('%') ? [0, 100] : [0, Number.POSITIVE_INFINITY];
}

const info = (label: string, unit: string, scale = 1, options: Options = {}): MetricInfo => ({
  label,
  unit,
  scale,
  zero: options.zero ?? true,
  digits: options.digits ?? 3,
  range: options.range ?? defaultRange(unit),
  verb: options.verb ?? null,
  noun: options.noun ?? label,
  differenceUnit: options.differenceUnit ?? (unit.startsWith('%') ? 'points' : unit),
  more: options.more ?? 'higher',
  less: options.less ?? 'lower',
});
const count = { more: 'more', less: 'fewer' };
const time = { more: 'longer', less: 'shorter' };

// Denominators are named in every capacity unit, so a reader can see when two platforms' numbers are not comparable.
export const METRICS: Readonly<Record<string, MetricInfo>> = {
  rejection_rate: info('rejection rate', '% of requests', 100, { verb: 'rejects', noun: 'requests', ...count }),
  rejected_no_valid_host: info('no valid host', 'requests per replication', 1, { verb: 'has', noun: '"no valid host" rejections per replication', differenceUnit: '', ...count }),
  rejected_late: info('late (build failed)', 'requests per replication', 1, { verb: 'has', noun: 'late rejections (build failed) per replication', differenceUnit: '', ...count }),
  rejected_admission: info('HA admission control', 'requests per replication', 1, { verb: 'has', noun: 'HA admission-control rejections per replication', differenceUnit: '', ...count }),
  mean_frag_index: info('fragmentation index', '% of free physical RAM (after host and failover reserves)', 100),
  frag_index: info('fragmentation index', '% of free physical RAM (after host and failover reserves)', 100),
  mean_admission_frag_index: info('fragmentation index as admitted', '% of free RAM as each platform admits', 100),
  mean_stranded_ram_frac: info('stranded RAM (all flavors)', '% of free physical RAM', 100),
  mean_ram_util: info('RAM utilisation', '% of physical RAM (hosts up)', 100),
  mean_ram_util_physical: info('RAM utilisation of usable RAM', '% of usable physical RAM (hosts up, less host and failover reserves)', 100),
  mean_ram_util_committed: info('RAM committed', "% of Nova's RAM capacity (allocation ratio and reserve applied, services up)", 100),
  mean_free_ram_mib: info('free physical RAM', 'GiB', 1 / 1024),
  mean_phantom_ram_mib: info('phantom capacity (VCDriver clusters only)', 'GiB', 1 / 1024),
  vm_downtime_h: info('VM downtime', 'VM-hours per replication', 1, { verb: 'has', noun: 'downtime per replication', differenceUnit: 'VM-hours', more: 'more', less: 'less' }),
  recovery_p50_s: info('recovery time, median', 'min', 1 / 60, time),
  recovery_p95_s: info('recovery time, 95th percentile', 'min', 1 / 60, time),
  availability: info('availability', '% of VM lifetime', 100, { zero: false, digits: 6 }),
  vms_lost: info('VMs lost', 'VMs per replication', 1, { verb: 'loses', noun: 'VMs per replication', differenceUnit: '', ...count }),
  vms_data_lost: info('VMs rebuilt without their disks', 'VMs per replication', 1, { verb: 'rebuilds', noun: 'VMs without their disks per replication', differenceUnit: '', ...count }),
  mean_overcommitted_ram_mib: info('overcommitted RAM (VM memory beyond physical)', 'GiB', 1 / 1024),
  overcommitted_vm_share: info('VMs on an overcommitted host', '% of VM-hours', 100),
};

export interface MetricGroup {
  /** figure id is `fig-${id}` */
  id: string;
  title: string;
  /** metrics drawn in this figure, one facet each, when comparison.csv has them */
  metrics: readonly string[];
  /** what the figure is for, in one sentence */
  note: string;
}

export const HEADLINE_GROUPS: readonly MetricGroup[] = [
  { id: 'rejection-rate', title: 'Rejection rate', metrics: ['rejection_rate'], note: 'Share of VM requests that were refused, all causes together.' },
  {
    id: 'rejections-by-cause',
    title: 'Rejected requests by cause',
    metrics: ['rejected_no_valid_host', 'rejected_late', 'rejected_admission'],
    note: 'No valid host: no compute node passed Nova\'s filters. Late: Nova picked a node but the build failed there. Admission: vSphere HA admission control refused the power-on.',
  },
  {
    id: 'fragmentation',
    title: 'Fragmentation',
    metrics: ['mean_frag_index', 'frag_index', 'mean_stranded_ram_frac', 'mean_admission_frag_index'],
    note: 'Free physical RAM (physical − host reserve − failover-policy reserve − configured VM memory, per host) on hosts where the requested flavors do not fit, averaged over time; the same on every platform. The last panel is the platform\'s own admission view.',
  },
  {
    id: 'utilisation',
    title: 'RAM utilisation',
    metrics: ['mean_ram_util_physical', 'mean_ram_util', 'mean_ram_util_committed'],
    note: 'Configured VM RAM over the RAM of hosts that are up, averaged over time; each panel names its denominator (committed: Nova\'s allocation over Nova\'s capacity).',
  },
  { id: 'downtime', title: 'VM downtime', metrics: ['vm_downtime_h'], note: 'Hours VMs spent down after host failures within the measurement window, summed over all VMs (the integral of VMs down over time).' },
  { id: 'recovery-time', title: 'Recovery time', metrics: ['recovery_p50_s', 'recovery_p95_s'], note: 'Time from a host failure to the VM running again.' },
  { id: 'availability', title: 'Availability', metrics: ['availability'], note: '1 − downtime / VM lifetime within the measurement window, over all VMs.' },
  { id: 'lost', title: 'Lost VMs and disks', metrics: ['vms_lost', 'vms_data_lost'], note: 'VMs that never ran again, and VMs rebuilt without shared storage.' },
];

/** Info for any metric; unknown ones are shown as they are, unscaled. */
export function metricInfo(metric: string): MetricInfo {
  return METRICS[metric] ?? info(metric.replaceAll('_', ' '), unitFromName(metric), 1, { range: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY] });
}

/** [low, high] clipped to the quantity's range (a symmetric t interval can cross zero for a count). */
export function clipToRange(info: MetricInfo, low: number | null, high: number | null): [number | null, number | null] {
  const [min, max] = info.range;
  const clip = (v: number | null) => (v === null ? null : Math.min(max, Math.max(min, v)));
  return [clip(low), clip(high)];
}

function unitFromName(metric: string): string {
  if (metric.endsWith('_s')) return 's';
  if (metric.endsWith('_h')) return 'h';
  if (metric.endsWith('_mib')) return 'MiB';
  if (metric.endsWith('_frac') || metric.endsWith('_rate')) return 'fraction';
  return '';
}

/** The unit without its parenthesised detail, for axis labels ("% of RAM limit"); notes and tables give the whole unit. */
export function shortUnit(unit: string): string {
  return unit.replace(/\s*\(.*\)$/, '');
}
