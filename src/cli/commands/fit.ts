// `capsim fit lanl RECORDS --system N`: maximum-likelihood fits of a LANL system's failures, printed in the
// scenario's distribution syntax.

import type { Argv, CommandModule } from 'yargs';
import type { CommandBody } from '../command-table.js';
import { fitLanl } from '../../data-import/lanl-fit.js';
import { InputError } from '../../scenario/input-error.js';

interface FitLanlArgs {
  records: string;
  system: number;
  from?: string;
  to?: string;
}

const fitLanlCommand: CommandModule<object, FitLanlArgs> = {
  command: 'lanl <records>',
  describe: 'maximum-likelihood fits of one LANL system\'s time between failures and repair time',
  builder: (y) =>
    y
      .positional('records', { type: 'string', demandOption: true, describe: 'LANL failure CSV (LA-UR-05-7318), plain or xz-compressed' })
      .option('system', { type: 'number', demandOption: true, describe: 'system number (the System column)' })
      .option('from', { type: 'string', describe: 'use records from this date, YYYY-MM-DD[THH:MM] (default: the system\'s first record)' })
      .option('to', { type: 'string', describe: 'use records up to this date, YYYY-MM-DD[THH:MM] (default: the last record)' }) as never,
  handler: async (args) => {
    if (!Number.isInteger(args.system) || args.system < 0) {
      throw new InputError([{ source: '--system', path: '', message: `expected an integer ≥ 0, got ${args.system}` }]);
    }
    process.stdout.write(await fitLanl(args));
  },
};

export const fitCommand: CommandBody<object> = {
  builder: (y: Argv) => y.command(fitLanlCommand).demandCommand(1, 'name a source: lanl'),
  handler: () => undefined,
};
