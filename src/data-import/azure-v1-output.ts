// The files `capsim import azure-v1` writes: the request trace, the flavors for a scenario, and a summary.

import type { AzureV1Import } from './azure-v1-import.js';
import type { AzureFlavor } from './azure-v1-maps.js';

/** Flavor name from its size, e.g. "2c3.5g" (2 vCPUs, 3.5 GB). */
export function azureFlavorName(flavor: AzureFlavor): string {
  return `${flavor.vcpus}c${flavor.memoryGB}g`;
}

/** capsim's request trace with a `censored` column (1 = still running at the censoring time). */
export function azureRequestsCsv(imported: AzureV1Import): string {
  const rows = ['time_s,flavor,lifetime_s,censored'];
  for (const r of imported.requests) {
    rows.push(`${r.timeMs / 1000},${azureFlavorName(r.flavor)},${r.lifetimeMs / 1000},${r.censored ? 1 : 0}`);
  }
  return `${rows.join('\n')}\n`;
}

/** The `flavors:` list for a scenario's workload; the traces give GB, taken as GiB (1 GB = 1024 MiB). */
export function azureWorkloadYaml(imported: AzureV1Import, diskGiB: number, sources: string): string {
  const lines = [
    `# Flavors of the Azure V1 trace (${sources}); paste under a scenario's workload: beside trace: requests.csv.`,
    '# Memory in the trace is in GB, taken here as GiB (1 GB = 1024 MiB); the trace has no disk sizes.',
    'flavors:',
  ];
  for (const f of imported.flavors) {
    lines.push(`  - { name: ${azureFlavorName(f)}, vcpus: ${f.vcpus}, ramMiB: ${Math.round(f.memoryGB * 1024)}, diskGiB: ${diskGiB} }`);
  }
  return `${lines.join('\n')}\n`;
}

export function azureSummary(imported: AzureV1Import, seed: number): string {
  const counts = new Map<AzureFlavor, number>(imported.flavors.map((f) => [f, 0]));
  let censored = 0;
  for (const r of imported.requests) {
    counts.set(r.flavor, (counts.get(r.flavor) ?? 0) + 1);
    if (r.censored) censored++;
  }
  const last = imported.requests.at(-1)?.timeMs ?? 0;
  const lines = [
    `vms: ${imported.requests.length}`,
    `censored: ${censored}`,
    `batches: ${imported.batches}`,
    `lines: ${imported.lines}`,
    `seed: ${seed}`,
    `origin_s: ${imported.originS}   # the traces' clock at time 0`,
    `censored_at_s: ${imported.censoredAtS}   # in the output's clock`,
    `last_arrival_s: ${last / 1000}`,
    'flavors:',
    ...imported.flavors.map((f) => `  ${f.letter} ${azureFlavorName(f)}: ${counts.get(f)}`),
  ];
  return `${lines.join('\n')}\n`;
}
