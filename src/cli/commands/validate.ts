// `capsim validate <scenario>...`: check files and print every problem; exit 2 if any.

import { plural } from '../plural.js';
import type { CommandBody } from '../command-table.js';
import { loadInputs } from '../load-inputs.js';
import { loadPluginArgs, withPluginOption } from '../plugin-option.js';

interface ValidateArgs {
  scenarios: string[];
  set?: string[];
  force?: boolean;
  plugin?: string[];
}

export const validateCommand: CommandBody<ValidateArgs> = {
  builder: (y) =>
    withPluginOption(y)
      .positional('scenarios', { type: 'string', array: true, demandOption: true, describe: 'scenario files (YAML or JSON) to check; every problem is printed with its file and field path' })
      .option('set', { type: 'string', array: true, describe: 'override a field: path=value (repeatable)' })
      .option('force', { type: 'boolean', default: false, describe: 'accept runs above the size limits (docs/cli.md)' }) as never,
  handler: async (args) => {
    await loadPluginArgs(args.plugin);
    const loaded = loadInputs(args);
    for (const l of loaded) {
      const s = l.scenario;
      const hosts = s.fleet.reduce((n, g) => n + g.count, 0);
      process.stdout.write(`${l.file}: ok (${s.name}: ${plural(hosts, 'host')}, ${plural(s.arms.length, 'arm')} × ${plural(s.replications, 'replication')})\n`);
    }
  },
};
