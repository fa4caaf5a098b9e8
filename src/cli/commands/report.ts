// `capsim report <dir> [--out FILE]`: one self-contained HTML page with plots of a results folder.

import type { Argv, CommandModule } from 'yargs';
import type { CommandBody } from '../command-table.js';
import { writeReport } from '../../report/write-report.js';

export interface ReportArgs {
  dir: string;
  out?: string;
}

export const reportCommand: CommandBody<ReportArgs> = {
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('dir', {
        type: 'string',
        demandOption: true,
        describe: 'results folder written by capsim run/sweep/merge (holds manifest.json, summary.csv, comparison.csv, ...)',
      })
      .option('out', {
        type: 'string',
        describe: 'HTML file to write (default: report.html inside the results folder)',
      }) as Argv<ReportArgs>,
  // Bad input (InputError) reaches main, which prints it and exits 2.
  handler: (args) => {
    const path = writeReport(args.dir, args.out);
    process.stdout.write(`${path}\n`);
  },
};
