// Test helpers: build a scenario from an object plus trace files in a temporary folder, and run one arm of it.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveScenario, type LoadedScenario } from '../../src/scenario/load-scenario.js';
import { runReplication } from '../../src/experiment/run-replication.js';
import type { RunResult } from '../../src/experiment/run-result.js';
import { VM_COLUMNS, EVENT_COLUMNS } from '../../src/experiment/run-result.js';

export function loadWithFiles(scenario: object, files: Record<string, string> = {}): LoadedScenario {
  const dir = mkdtempSync(join(tmpdir(), 'capsim-failures-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return resolveScenario(scenario, join(dir, 'scenario.yaml'));
}

export function runArm(loaded: LoadedScenario, armIndex = 0, replication = 0, logs = true): RunResult {
  return runReplication(loaded, armIndex, replication, { vmLog: logs, eventLog: logs, timeseries: logs });
}

export type VmRow = Record<(typeof VM_COLUMNS)[number], string | number>;
export type EventRow = Record<(typeof EVENT_COLUMNS)[number], string | number>;

export function vmRows(result: RunResult): VmRow[] {
  return result.vms.map((row) => Object.fromEntries(VM_COLUMNS.map((c, i) => [c, row[i]])) as VmRow);
}

export function eventRows(result: RunResult, event?: string): EventRow[] {
  return result.events
    .map((row) => Object.fromEntries(EVENT_COLUMNS.map((c, i) => [c, row[i]])) as EventRow)
    .filter((e) => event === undefined || e.event === event);
}

/** Affected = recovered + lost + departed while down + down at the horizon (each failure of a VM ends one way). */
export function conservationGap(summary: Record<string, number>): number {
  return summary.vms_affected - (summary.vms_recovered + summary.vms_lost + summary.vms_departed_down + summary.vms_down_at_horizon);
}

/** A request trace CSV: rows of [time_s, flavor, lifetime_s, ha_priority?]. */
export function requestTrace(rows: (string | number)[][]): string {
  return ['time_s,flavor,lifetime_s,ha_priority', ...rows.map((r) => [...r, ...(r.length < 4 ? ['medium'] : [])].join(','))].join('\n') + '\n';
}
