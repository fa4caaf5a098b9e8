// The warm-up diagnostic of a run: per arm, MSER-5 on the mean over replications of running VMs and of RAM
// utilisation at each sample from t = 0 (averaging across replications first, as Welch's method does, keeps the
// heuristic from chasing one replication's noise). It suggests the warm-up each series needs. MSER also truncates
// stationary but slowly varying series (running VMs with lifetimes of days), so capsim warns only when the scenario's
// warm-up is shorter AND what it would keep before the suggested point is biased: its mean differs from the mean after
// that point by more than MATERIAL_BIAS of the latter.

import { mserTruncation } from '../metrics/mser.js';
import type { RunResult } from './run-result.js';

export const MATERIAL_BIAS = 0.02;

export interface ArmWarmup {
  arm: string;
  /** Suggested warm-up from running VMs and from RAM utilisation, seconds (the first sample MSER-5 keeps). */
  runningVmsS: number;
  ramUtilS: number;
  /** Relative difference of the mean between the scenario's warm-up and the suggested one to the mean after it. */
  runningVmsBias: number;
  ramUtilBias: number;
}

export interface WarmupDiagnostic {
  method: string;
  warmupS: number;
  arms: ArmWarmup[];
  /** Arms whose suggested warm-up exceeds the scenario's with a material bias in between. */
  shortArms: string[];
}

export function warmupDiagnostic(results: readonly RunResult[], warmupS: number): WarmupDiagnostic {
  const arms = [...new Set(results.map((r) => r.arm))];
  const out: ArmWarmup[] = arms.map((arm) => {
    const runs = results.filter((r) => r.arm === arm && r.warmupSeries !== undefined);
    const series = runs.map((r) => r.warmupSeries!);
    const length = Math.min(...series.map((s) => s.times.length));
    if (series.length === 0 || length === 0) {
      return { arm, runningVmsS: NaN, ramUtilS: NaN, runningVmsBias: NaN, ramUtilBias: NaN };
    }
    const times = series[0].times;
    const average = (pick: (s: (typeof series)[number]) => Float64Array) => {
      const mean = new Float64Array(length);
      for (const s of series) for (let i = 0; i < length; i++) mean[i] += pick(s)[i] / series.length;
      return mean;
    };
    const suggest = (values: Float64Array) => {
      const drop = mserTruncation(values);
      let before = 0, nBefore = 0, after = 0;
      for (let i = 0; i < length; i++) {
        if (i >= drop) after += values[i];
        else if (times[i] >= warmupS) {
          before += values[i];
          nBefore++;
        }
      }
      after /= length - drop;
      const bias = nBefore === 0 || after === 0 ? 0 : Math.abs(before / nBefore - after) / Math.abs(after);
      return { at: drop === 0 ? 0 : times[drop], bias };
    };
    const running = suggest(average((s) => s.runningVms)), util = suggest(average((s) => s.ramUtil));
    return { arm, runningVmsS: running.at, ramUtilS: util.at, runningVmsBias: running.bias, ramUtilBias: util.bias };
  });
  return {
    method: 'MSER-5 on the mean over replications of each sample (running VMs, RAM utilisation), from t = 0',
    warmupS,
    arms: out,
    shortArms: out.filter((a) => (a.runningVmsS > warmupS && a.runningVmsBias > MATERIAL_BIAS) ||
      (a.ramUtilS > warmupS && a.ramUtilBias > MATERIAL_BIAS)).map((a) => a.arm),
  };
}

/** The stderr warning for arms whose suggested warm-up exceeds the scenario's, or undefined. */
export function warmupWarning(d: WarmupDiagnostic): string | undefined {
  if (d.shortArms.length === 0) return undefined;
  const longest = Math.max(...d.arms.filter((a) => d.shortArms.includes(a.arm)).map((a) => Math.max(a.runningVmsS, a.ramUtilS)));
  return `warning: warm-up ${formatDuration(d.warmupS)} is shorter than MSER-5 suggests for ${d.shortArms.join(', ')} ` +
    `(up to ${formatDuration(longest)}); consider warmup: ${formatDuration(Math.ceil(longest / 3600) * 3600)} ` +
    '(manifest.json warmupDiagnostic)';
}

function formatDuration(s: number): string {
  if (s % 86400 === 0 && s > 0) return `${s / 86400}d`;
  if (s % 3600 === 0 && s > 0) return `${s / 3600}h`;
  return `${Math.round(s)}s`;
}
