// The run's settings for the collapsed "Settings" section: each arm's settings as dotted paths, durations humanised
// (30 min, not 1800), so a reader can check what ran without reading seconds.

import { humaniseSeconds } from '../scenario/humanise-seconds.js';
import { escapeHtml } from './html.js';

/** Fields whose value is a duration in seconds (a number or a list of numbers). */
const DURATION_KEYS = new Set([
  'horizon', 'horizonSeconds', 'warmup', 'sampleInterval', 'interval', 'monitorInterval', 'ipmiCheck',
  'waitAfterServiceDisable', 'waitPerVm', 'verifyInterval', 'masterDetection', 'restartDelay', 'retryDelays',
  'reportInterval', 'serviceDownTime', 'detection',
]);
/** Fields holding a distribution of durations; inside them every parameter but shape and sigma is a duration. */
const DISTRIBUTION_KEYS = new Set(['lifetime', 'failure', 'repair', 'hostFailure', 'rebuild', 'operatorDelay']);
const UNITLESS_DISTRIBUTION_PARAMETERS = new Set(['shape', 'sigma']);

/** 1800 -> "30 min", 90 -> "1.5 min", 172800 -> "2 d", 0 -> "0 s". */
export const humaniseDuration = humaniseSeconds;

function formatValue(value: unknown, isDuration: boolean): string {
  if (isDuration && typeof value === 'number') return humaniseDuration(value);
  if (isDuration && Array.isArray(value) && value.every((v) => typeof v === 'number')) return `[${value.map((v) => humaniseDuration(v as number)).join(', ')}]`;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Dotted paths of settings, e.g. "nova.ramAllocationRatio: 1.5", "recovery.novaEvacuate.operatorDelay.lognormal.median: 30 min". */
export function flattenSettings(value: unknown, prefix = '', inDistribution = false, keyIsDuration = false): string[] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return prefix === '' ? [] : [`${prefix}: {}`];
    return entries.flatMap(([key, v]) => {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      const distribution = inDistribution || DISTRIBUTION_KEYS.has(key);
      const duration = DURATION_KEYS.has(key) || (inDistribution && !UNITLESS_DISTRIBUTION_PARAMETERS.has(key) && typeof v !== 'object');
      return flattenSettings(v, path, distribution, duration || (inDistribution && Array.isArray(v) && !UNITLESS_DISTRIBUTION_PARAMETERS.has(key)));
    });
  }
  return [`${prefix}: ${formatValue(value, keyIsDuration)}`];
}

export function settingsLinesHtml(settings: unknown): string {
  return flattenSettings(settings).map((line) => `<code>${escapeHtml(line)}</code>`).join('<br>');
}
