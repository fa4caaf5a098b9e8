// The commands' names and one-line descriptions, with a loader for each: `capsim --help` lists them all, while a
// command's own module (and what it imports: the simulator, zod, the plotting stack) loads only when it runs.

import type { CommandModule } from 'yargs';
import { startTraceReader } from '../workload/trace-reader-thread.js';
import { startPoolThreads, workersOnCommandLine } from '../experiment/pool-threads.js';

/** A command's options and action; its name and description are in COMMANDS. */
export type CommandBody<Args> = Pick<CommandModule<object, Args>, 'builder' | 'handler'>;

export interface LazyCommand {
  command: string;
  describe: string;
  // The loaded module's handler takes its own command's arguments, which yargs builds from its builder.
  load: () => Promise<CommandBody<any>>;
  /** Started before the module loads, to overlap it (threads the command may need). */
  prepare?: (argv: readonly string[]) => void;
}

export const COMMANDS: readonly LazyCommand[] = [
  { command: 'run <scenarios..>', describe: 'run scenarios and write results/<scenario>/*.csv',
    load: async () => (await import('./commands/run.js')).runCommand,
    prepare: (argv) => {
      startTraceReader();
      startPoolThreads(workersOnCommandLine(argv));
    } },
  { command: 'validate <scenarios..>', describe: 'check scenario files and print every problem with its field path',
    load: async () => (await import('./commands/validate.js')).validateCommand },
  { command: 'schema', describe: 'print the JSON Schema of scenario files (--markdown: the field reference)',
    load: async () => (await import('./commands/schema.js')).schemaCommand },
  { command: 'report <dir>', describe: 'Write one self-contained HTML page with plots of a results folder (run, sweep or merge)',
    load: async () => (await import('./commands/report.js')).reportCommand },
  { command: 'sweep <scenario>',
    describe: 'run the cartesian product of varied parameters × arms × replications (resumable, shardable)',
    load: async () => (await import('./commands/sweep.js')).sweepCommand },
  { command: 'merge <dirs..>', describe: 'combine the shard folders of a sweep into one results folder',
    load: async () => (await import('./commands/merge.js')).mergeCommand },
  { command: 'import', describe: 'turn a public data set into capsim trace files (sources: azure-v1, lanl)',
    load: async () => (await import('./commands/import.js')).importCommand },
  { command: 'fit', describe: 'fit distributions to a public data set (sources: lanl)',
    load: async () => (await import('./commands/fit.js')).fitCommand },
];

/** The command a command line names (its first word that is not an option), if it is one of COMMANDS. */
export function namedCommand(argv: readonly string[]): LazyCommand | undefined {
  const word = argv.find((a) => !a.startsWith('-'));
  return COMMANDS.find((c) => c.command.split(' ')[0] === word);
}
