// Builds validated scenarios from plain objects for tests.

import { resolveScenario, type LoadedScenario } from '../../src/scenario/load-scenario.js';

export function scenarioFrom(raw: object, file = 'test-scenario.yaml'): LoadedScenario {
  return resolveScenario(raw, file);
}

/** Unit-capacity Nova settings: only RamFilter, ratio 1.0, no reserve, first fit. */
export const UNIT_NOVA = {
  ramAllocationRatio: 1.0,
  reservedHostMemoryMiB: 0,
  filters: ['RamFilter'],
  weighers: [],
};
