// `capsim schema`: prints the JSON Schema of the scenario format, for editors, or with --markdown the scenario
// reference (docs/scenario-reference.md is this output; `npm run docs` rewrites it).

import type { CommandBody } from '../command-table.js';
import { scenarioJsonSchema } from '../../scenario/schema.js';
import { scenarioReferenceMarkdown } from '../../scenario/scenario-reference.js';

export const schemaCommand: CommandBody<{ markdown: boolean }> = {
  builder: (y) => y.option('markdown', { type: 'boolean', default: false, describe: 'print the scenario reference as Markdown' }),
  handler: (args) => {
    process.stdout.write(args.markdown ? scenarioReferenceMarkdown() : `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  },
};
