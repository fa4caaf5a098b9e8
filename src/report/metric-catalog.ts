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
}

const info = (label: string, unit: string, scale = 1, zero = true, digits = 3): MetricInfo => ({ label, unit, scale, zero, digits });

export const METRICS: Readonly<Record<string, MetricInfo>> = {
  rejection_rate: info('rejection rate', '% of requests', 100),
  rejected_no_valid_host: info('no valid host', 'requests per replication'),
  rejected_late: info('late (build failed)', 'requests per replication'),
  rejected_admission: info('HA admission control', 'requests per replication'),
  mean_frag_index: info('fragmentation index', '% of free RAM', 100),
  frag_index: info('fragmentation index', '% of free RAM', 100),
  mean_stranded_ram_frac: info('stranded RAM (all flavors)', '% of free RAM', 100),
  mean_ram_util: info('RAM utilisation', '% of RAM', 100),
  vm_downtime_h: info('VM downtime', 'VM-hours per replication'),
  recovery_p50_s: info('recovery time, median', 'min', 1 / 60),
  recovery_p95_s: info('recovery time, 95th percentile', 'min', 1 / 60),
  availability: info('availability', '%', 100, false, 6),
  vms_lost: info('VMs lost', 'VMs per replication'),
  vms_data_lost: info('VMs rebuilt without their disks', 'VMs per replication'),
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
    metrics: ['mean_frag_index', 'frag_index', 'mean_stranded_ram_frac'],
    note: 'Free RAM on hosts where the requested flavors do not fit, averaged over time.',
  },
  { id: 'utilisation', title: 'RAM utilisation', metrics: ['mean_ram_util'], note: 'Used RAM over the RAM of hosts that are up, averaged over time.' },
  { id: 'downtime', title: 'VM downtime', metrics: ['vm_downtime_h'], note: 'Hours VMs spent down after host failures, summed over VMs.' },
  { id: 'recovery-time', title: 'Recovery time', metrics: ['recovery_p50_s', 'recovery_p95_s'], note: 'Time from a host failure to the VM running again.' },
  { id: 'availability', title: 'Availability', metrics: ['availability'], note: '1 − downtime / VM lifetime within the horizon.' },
  { id: 'lost', title: 'Lost VMs and disks', metrics: ['vms_lost', 'vms_data_lost'], note: 'VMs that never ran again, and VMs rebuilt without shared storage.' },
];

/** Info for any metric; unknown ones are shown as they are, unscaled. */
export function metricInfo(metric: string): MetricInfo {
  return METRICS[metric] ?? info(metric.replaceAll('_', ' '), unitFromName(metric));
}

function unitFromName(metric: string): string {
  if (metric.endsWith('_s')) return 's';
  if (metric.endsWith('_h')) return 'h';
  if (metric.endsWith('_mib')) return 'MiB';
  if (metric.endsWith('_frac') || metric.endsWith('_rate')) return 'fraction';
  return '';
}
