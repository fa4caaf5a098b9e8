// `capsim schema`: prints the JSON Schema of the scenario format, for editors.

import type { CommandModule } from 'yargs';
import { scenarioJsonSchema } from '../../scenario/schema.js';

export const schemaCommand: CommandModule = {
  command: 'schema',
  describe: 'print the JSON Schema of scenario files',
  handler: () => {
    process.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
  },
};
