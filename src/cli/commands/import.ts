// `capsim import azure-v1 ...` and `capsim import lanl ...`: turn public data sets into capsim's trace files.

import { dirname, join } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import type { CommandBody } from '../command-table.js';
import { importAzureV1 } from '../../data-import/azure-v1-import.js';
import { azureRequestsCsv, azureSummary, azureWorkloadYaml } from '../../data-import/azure-v1-output.js';
import { importLanl } from '../../data-import/lanl-import.js';
import { writeOutputFiles } from '../../data-import/write-output-files.js';
import { InputError } from '../../scenario/input-error.js';

interface AzureArgs {
  'flavor-trace': string;
  'duration-trace': string;
  out: string;
  seed: number;
  'flavor-map'?: string;
  'interval-map'?: string;
  'censored-at'?: number;
  'disk-gib': number;
}

interface LanlArgs {
  records: string;
  system: number;
  from?: string;
  to?: string;
  hosts: string[];
  out: string;
}

function checkInteger(option: string, value: number | undefined, min: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min)) {
    throw new InputError([{ source: option, path: '', message: `expected an integer ≥ ${min}, got ${value}` }]);
  }
}

const azureCommand: CommandModule<object, AzureArgs> = {
  command: 'azure-v1 <flavor-trace> <duration-trace>',
  describe: 'Azure V1 binned VM traces -> requests.csv, workload.yaml, summary.txt in --out',
  builder: (y) =>
    y
      .positional('flavor-trace', { type: 'string', demandOption: true, describe: 'flavor trace: one line per 300 s bin, "T f,f,|,f,..." (e.g. v1.dev.txt)' })
      .positional('duration-trace', { type: 'string', demandOption: true,
        describe: 'duration trace at the same positions, "T U<bin>,C<bin>,..." (e.g. v1.dev.c2100000.txt)' })
      .option('out', { type: 'string', demandOption: true,
        describe: 'output folder: requests.csv (time_s,flavor,lifetime_s,censored), workload.yaml (flavors), summary.txt; nothing is written on bad input' })
      .option('seed', { type: 'number', default: 1, describe: 'seed of the rule placing arrival times and lifetimes inside their bins (same seed, same bytes)' })
      .option('flavor-map', { type: 'string', describe: 'flavor map "vcpus,GB letter" (default: flav_map.txt beside the flavor trace)' })
      .option('interval-map', { type: 'string', describe: 'lifetime bin map "seconds bin" (default: v1.interval_map.txt beside the flavor trace)' })
      .option('censored-at', { type: 'number', describe: 'censoring time in the traces\' clock, seconds (default: from the duration trace\'s name, ...c<seconds>.txt)' })
      .option('disk-gib', { type: 'number', default: 0, describe: 'diskGiB of every flavor in workload.yaml (the trace has no disk sizes)' }) as never,
  handler: (args) => {
    checkInteger('--seed', args.seed, 0);
    checkInteger('--censored-at', args['censored-at'], 0);
    if (!(args['disk-gib'] >= 0)) throw new InputError([{ source: '--disk-gib', path: '', message: `expected a number ≥ 0, got ${args['disk-gib']}` }]);
    const folder = dirname(args['flavor-trace']);
    const inputs = {
      flavorTrace: args['flavor-trace'],
      durationTrace: args['duration-trace'],
      flavorMap: args['flavor-map'] ?? join(folder, 'flav_map.txt'),
      intervalMap: args['interval-map'] ?? join(folder, 'v1.interval_map.txt'),
      censoredAtS: args['censored-at'],
      seed: args.seed,
    };
    const imported = importAzureV1(inputs);
    const summary = azureSummary(imported, args.seed);
    writeOutputFiles(args.out, {
      'requests.csv': azureRequestsCsv(imported),
      'workload.yaml': azureWorkloadYaml(imported, args['disk-gib'], `capsim import azure-v1 --seed ${args.seed}`),
      'summary.txt': summary,
    });
    process.stdout.write(summary);
  },
};

const lanlCommand: CommandModule<object, LanlArgs> = {
  command: 'lanl <records>',
  describe: 'one LANL system\'s failure records -> failures.csv, summary.txt in --out',
  builder: (y) =>
    y
      .positional('records', { type: 'string', demandOption: true, describe: 'LANL failure CSV (LA-UR-05-7318), plain or xz-compressed' })
      .option('system', { type: 'number', demandOption: true, describe: 'system number (the System column)' })
      .option('from', { type: 'string', describe: 'window start, YYYY-MM-DD[THH:MM] on the records\' clock (default: the system\'s first record); time 0 of the trace' })
      .option('to', { type: 'string', describe: 'window end, YYYY-MM-DD[THH:MM] (default: after the last record); outages are clipped to the window' })
      .option('hosts', { type: 'string', array: true, demandOption: true,
        describe: 'fleet group(s) taking the nodes in order: GROUP, or GROUP:COUNT repeated (node n -> host <group>-<n>, then the next group)' })
      .option('out', { type: 'string', demandOption: true,
        describe: 'output folder: failures.csv (time_s,target,duration_s), summary.txt; nothing is written on bad input' }) as never,
  handler: async (args) => {
    checkInteger('--system', args.system, 0);
    const imported = await importLanl({ records: args.records, system: args.system, from: args.from, to: args.to, hosts: args.hosts });
    writeOutputFiles(args.out, { 'failures.csv': imported.failuresCsv, 'summary.txt': imported.summary });
    process.stdout.write(imported.summary);
  },
};

export const importCommand: CommandBody<object> = {
  builder: (y: Argv) => y.command(azureCommand).command(lanlCommand).demandCommand(1, 'name a source: azure-v1, lanl'),
  handler: () => undefined,
};
