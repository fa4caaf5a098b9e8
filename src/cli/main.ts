#!/usr/bin/env node
// capsim's command line: thin commands that parse arguments and call experiment/ and output/.
// Exit codes: 0 done, 2 bad input (nothing written), 1 internal error.

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { isMainThread } from 'node:worker_threads';
import { InputError } from '../scenario/input-error.js';
import { InputError as ReportInputError } from '../report/input-error.js';
import { ioErrorLine } from '../output/io-error.js';
import { installTempCleanup } from '../output/temp-file.js';
import { COMMANDS, namedCommand } from './command-table.js';

export async function main(argv: string[]): Promise<number> {
  installTempCleanup();
  try {
    const cli = yargs(argv);
    cli.scriptName('capsim').wrap(cli.terminalWidth());
    // Only the named command's module loads; the others are listed by name and description (for --help).
    const named = namedCommand(argv);
    named?.prepare?.(argv);
    const body = named ? await named.load() : undefined;
    for (const c of COMMANDS) {
      cli.command(c === named && body ? { command: c.command, describe: c.describe, ...body }
        : { command: c.command, describe: c.describe, handler: () => undefined });
    }
    await cli
      .demandCommand(1, 'name a command: run, validate, report, schema, sweep, merge, import, fit')
      .strict()
      .fail((message, error) => {
        if (error) throw error;
        throw new InputError([{ source: 'capsim', path: '', message: message ?? 'bad arguments' }]);
      })
      .help()
      .parseAsync();
    return 0;
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    if (error instanceof ReportInputError) {
      process.stderr.write(`capsim report: ${error.message}\n`);
      return 2;
    }
    // A file-system fault (disk full, read-only, permissions) is not a bug: one line, no stack.
    const io = ioErrorLine(error);
    if (io) {
      process.stderr.write(`capsim: ${io}\n`);
      return 1;
    }
    process.stderr.write(`capsim: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

// In a worker thread this module only provides main() (the fuzz test drives it in-process, many inputs per thread).
if (isMainThread) {
  const code = await main(hideBin(process.argv));
  // Every output is written and closed once main() returns. Exiting here, after stdout and stderr have taken what was
  // written to them, skips tearing down the heap and threads one by one, which an exit at an empty event loop does.
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))));
  process.exit(code);
}
