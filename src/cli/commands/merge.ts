// `capsim merge <dir>... --out DIR`: combines the shard folders of a sweep into the files a one-machine sweep writes;
// names every missing or incomplete shard and exits 2 when any is.

import { plural } from '../plural.js';
import type { CommandBody } from '../command-table.js';
import { mergeSweeps } from '../../experiment/sweep-merge.js';

interface MergeArgs {
  dirs: string[];
  out: string;
  shards?: number;
  quiet: boolean;
}

export const mergeCommand: CommandBody<MergeArgs> = {
  builder: (y) =>
    y
      .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'shard output folders (their --out, or the <scenario> folder inside)' })
      .option('out', { type: 'string', demandOption: true, describe: 'output folder; results go to <out>/<scenario-name>/' })
      .option('shards', { type: 'number', describe: 'expected number of shards (names shards that never started)' })
      .option('quiet', { type: 'boolean', default: false, describe: 'print nothing on success' }) as never,
  handler: async (args) => {
    const { dir, shards, plan } = await mergeSweeps(args.dirs, args.out, { shards: args.shards, commandLine: process.argv.slice(2) });
    if (!args.quiet) process.stdout.write(`${plan.scenario}: merged ${plural(shards, 'shard')} (${plural(plan.points.length, 'point')})\nresults: ${dir}\n`);
  },
};
