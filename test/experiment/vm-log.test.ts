// vms.csv rows written to a file while the run goes (capsim run --vm-log) must be the bytes the in-memory rows give,
// in VM id order although VMs finish out of order: with host failures, Masakari evacuations and a vSphere arm.

import { readFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { runReplication } from '../../src/experiment/run-replication.js';
import { VM_COLUMNS } from '../../src/experiment/run-result.js';
import { formatNumber } from '../../src/output/csv-file.js';
import { discardTempFile } from '../../src/output/temp-file.js';
import { tempDir } from '../support/temp-dir.js';

const loaded = loadScenario('scenarios/nova-vs-vsphere.yaml', [{ path: 'horizon', value: '8d' }]);

describe('VM log written as the run goes', () => {
  for (const [armIndex, arm] of loaded.scenario.arms.entries()) {
    it(`holds the in-memory rows, byte for byte, in id order (${arm.name})`, () => {
      const options = { vmLog: true, eventLog: false, timeseries: false };
      const inMemory = runReplication(loaded, armIndex, 1, options);
      const streamed = runReplication(loaded, armIndex, 1, { ...options, vmLogDir: tempDir('vm-log') });
      expect(streamed.vms).toEqual([]);
      const file = streamed.vmLogFile as string;
      const text = readFileSync(file, 'utf8');
      discardTempFile(file);
      expect(inMemory.vms.length).toBeGreaterThan(1000);
      expect(text).toBe(stringify(inMemory.vms, { columns: [...VM_COLUMNS], cast: { number: formatNumber } }));
      expect(streamed.summary).toEqual(inMemory.summary);
    });
  }
});
