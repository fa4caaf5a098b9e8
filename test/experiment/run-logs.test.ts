// timeseries.csv, vms.csv and events.csv rows written to files while the run goes (capsim run; --vm-log --event-log)
// must be the bytes the in-memory rows give, vms.csv in VM id order although VMs finish out of order: with host
// failures, Masakari evacuations and a vSphere arm.

import { readFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { runReplication } from '../../src/experiment/run-replication.js';
import { EVENT_COLUMNS, VM_COLUMNS } from '../../src/experiment/run-result.js';
import { TIMESERIES_COLUMNS } from '../../src/metrics/run-metrics.js';
import { formatNumber } from '../../src/output/csv-file.js';
import { discardTempFile } from '../../src/output/temp-file.js';
import { tempDir } from '../support/temp-dir.js';

// 5-minute samples: 2,304 timeseries rows, more than one of CsvPartFile's batches.
const loaded = loadScenario('scenarios/nova-vs-vsphere.yaml', [{ path: 'horizon', value: '8d' },
  { path: 'sampleInterval', value: '5m' }]);

const csv = (rows: (string | number)[][], columns: readonly string[]) =>
  stringify(rows, { columns: [...columns], cast: { number: formatNumber } });

function takeFile(file: string | undefined): string {
  const text = readFileSync(file as string, 'utf8');
  discardTempFile(file as string);
  return text;
}

describe('timeseries, VM and event logs written as the run goes', () => {
  for (const [armIndex, arm] of loaded.scenario.arms.entries()) {
    it(`hold the in-memory rows, byte for byte, vms in id order (${arm.name})`, () => {
      const options = { vmLog: true, eventLog: true, timeseries: true };
      const inMemory = runReplication(loaded, armIndex, 1, options);
      const dir = tempDir('vm-log');
      const streamed = runReplication(loaded, armIndex, 1, { ...options, vmLogDir: dir, eventLogDir: dir,
        timeseriesDir: dir });
      expect(streamed.vms).toEqual([]);
      expect(streamed.events).toEqual([]);
      expect(streamed.timeseries).toEqual([]);
      expect(inMemory.vms.length).toBeGreaterThan(1000);
      expect(inMemory.events.length).toBeGreaterThan(1000);
      expect(inMemory.timeseries.length).toBeGreaterThan(2048);
      expect(takeFile(streamed.vmLogFile)).toBe(csv(inMemory.vms, VM_COLUMNS));
      expect(takeFile(streamed.eventLogFile)).toBe(csv(inMemory.events, EVENT_COLUMNS));
      expect(takeFile(streamed.timeseriesFile)).toBe(csv(inMemory.timeseries, TIMESERIES_COLUMNS));
      expect(streamed.summary).toEqual(inMemory.summary);
    });
  }
});
