// Warnings (not errors) for durations that are valid but almost certainly not what was meant: a bare number is
// seconds, so `horizon: 30` is 30 seconds; and a horizon shorter than the sample interval records no samples.

import { humaniseSeconds } from './humanise-seconds.js';

const UNITLESS_FIELDS = ['horizon', 'warmup'] as const;

/** `raw` is the scenario object as written (after --set), `resolved` its validated form (seconds). */
export function durationWarnings(raw: unknown, resolved: { horizon: number; sampleInterval: number }): { path: string; message: string }[] {
  const warnings: { path: string; message: string }[] = [];
  const object = (raw ?? {}) as Record<string, unknown>;
  for (const field of UNITLESS_FIELDS) {
    const value = object[field];
    if (typeof value === 'number' && value > 0 && value < 60) {
      warnings.push({ path: field, message: `${value} has no unit and is read as ${value} seconds; write e.g. "${value}d" or "${value}h" if you meant days or hours` });
    }
  }
  if (resolved.horizon < resolved.sampleInterval) {
    warnings.push({
      path: 'horizon',
      message: `${humaniseSeconds(resolved.horizon)} is shorter than sampleInterval (${humaniseSeconds(resolved.sampleInterval)}): timeseries.csv will have no samples and time averages are empty`,
    });
  }
  return warnings;
}
