// Runs a sweep plan (or one shard of it) on the worker pool, recording every finished run; with `resume`, runs
// already recorded for the same plan are skipped. Ends with a completion marker naming the shard and, for adaptive
// sweeps, how many replications each of its points got.

import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { prepareOutputDir } from '../output/output-dir.js';
import { join } from 'node:path';
import { InputError } from '../scenario/input-error.js';
import type { RunOptions } from './run-options.js';
import { nextReplications } from './sweep-adaptive.js';
import { cellValue } from './sweep-axes.js';
import { precisionEstimator } from './replications-until-precise.js';
import { allUnits, describePlan, planShape, pointUnits, shardOf, type PlanFile, type Shard, type SweepPlan, type SweepUnit } from './sweep-plan.js';
import { prepareRunsDir, readRecord, recordPath, RUNS_DIR } from './sweep-records.js';
import { SWEEP_FILES, writeAtomically } from './sweep-write.js';
import { createRunner } from './worker-pool.js';

export interface SweepRunOptions {
  workers: number;
  /** Absolute paths of `--plugin` files (every worker thread loads them). */
  plugins?: readonly string[];
  resume: boolean;
  /** Run only this share of the work; undefined = all of it (shard 0/1). */
  shard?: Shard;
  onProgress?: (done: number, total: number) => void;
}

export interface ShardMarker {
  shard: Shard;
  planHash: string;
  /** Point index → replications run (only this shard's points when adaptive; every point otherwise). */
  replications: Record<string, number>;
  runs: number;
  reused: number;
}

export interface SweepRunOutcome {
  dir: string;
  marker: ShardMarker;
}

export const PLAN_FILE = 'sweep.json';

export function markerName(shard: Shard): string {
  return `shard-${shard.index}-of-${shard.count}.done.json`;
}

export function readPlanFile(dir: string): PlanFile | undefined {
  const path = join(dir, PLAN_FILE);
  if (!existsSync(path)) return undefined;
  const plan = readJsonFile(path) as PlanFile | undefined;
  if (!plan || typeof plan !== 'object' || typeof plan.planHash !== 'string' || !Array.isArray(plan.points) || !Array.isArray(plan.arms)) {
    throw new InputError([{ source: path, path: '', message: 'not a sweep plan written by capsim (unreadable or cut short); remove the folder or use another --out' }]);
  }
  return plan;
}

/** Parsed JSON of a file capsim wrote, or undefined when it cannot be read or parsed (cut short, edited). */
export function readJsonFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

const RECORD_NAME = /^p(\d+)-a(\d+)-r(\d+)\.json$/;

export async function runSweep(plan: SweepPlan, outDir: string, options: SweepRunOptions): Promise<SweepRunOutcome> {
  const dir = join(outDir, plan.name);
  const shard = options.shard ?? { index: 0, count: 1 };
  const adaptive = plan.targets.length > 0;
  const shape = planShape(plan);
  const mine = (unit: SweepUnit) => shardOf(shape, unit, shard.count) === shard.index;
  let previous: PlanFile | undefined;
  let unreadable = false;
  try {
    previous = readPlanFile(dir);
  } catch (error) {
    // A fresh start replaces a plan file cut short by a killed run; resuming from it is refused.
    if (options.resume || !(error instanceof InputError)) throw error;
    unreadable = true;
  }
  if (options.resume && previous && previous.planHash !== plan.hash) {
    throw new InputError([{ source: '--resume', path: dir, message: 'this folder holds a different sweep (scenario, ' +
      'varied values, targets or capsim version changed); resume it with the same inputs, or use another --out' }]);
  }
  prepareOutputDir(dir);
  const stale = unreadable || (previous !== undefined && previous.planHash !== plan.hash);
  if (!options.resume) {
    // A fresh start forgets this shard's earlier runs (all runs when the folder held another sweep).
    rmSync(join(dir, markerName(shard)), { force: true });
    if (shard.count === 1 || stale) for (const name of SWEEP_FILES) rmSync(join(dir, name), { force: true });
    if (existsSync(join(dir, RUNS_DIR))) {
      for (const name of readdirSync(join(dir, RUNS_DIR))) {
        const m = RECORD_NAME.exec(name);
        const unit = m ? { point: Number(m[1]), armIndex: Number(m[2]), replication: Number(m[3]) } : undefined;
        if (stale || !unit || unit.point >= plan.points.length || mine(unit)) rmSync(join(dir, RUNS_DIR, name), { force: true });
      }
    }
  }
  prepareRunsDir(dir, false);
  writeAtomically(join(dir, PLAN_FILE), `${JSON.stringify(describePlan(plan), null, 2)}\n`);

  const runOptions: RunOptions = { vmLog: false, eventLog: false, timeseries: plan.timeseries, plugins: options.plugins };
  const runner = createRunner(options.workers);
  let done = 0;
  let total = 0;
  let reused = 0;
  let ran = 0;
  const execute = async (unit: SweepUnit): Promise<void> => {
    const path = recordPath(dir, unit);
    const point = plan.points[unit.point];
    if (options.resume && readRecord(path, point.loaded.hash)) reused++;
    else {
      await runner.run({ kind: 'sweep', loaded: point.loaded, point: unit.point, armIndex: unit.armIndex,
        replication: unit.replication, options: runOptions, recordPath: path,
        timeseriesLead: point.values.map(cellValue) });
      ran++;
    }
    options.onProgress?.(++done, total);
  };
  const replications: Record<string, number> = {};
  try {
    if (!adaptive) {
      const units = allUnits(plan).filter(mine);
      total = units.length;
      await Promise.all(units.map(execute));
      for (const p of plan.points) replications[p.index] = p.replications;
    } else {
      const points = plan.points.filter((p) => p.index % shard.count === shard.index);
      total = points.reduce((s, p) => s + p.replications * plan.arms.length, 0);
      await Promise.all(points.map(async (point) => {
        let n = 0;
        let next = point.replications;
        while (next > n) {
          await Promise.all(pointUnits(plan, point.index, n, next).map(execute));
          n = next;
          next = nextReplications(plan.targets, metricValues(plan, dir, point.index, n), n, point.maxReplications,
            precisionEstimator(point.loaded.scenario));
          total += (next - n) * plan.arms.length;
        }
        replications[point.index] = n;
      }));
    }
  } finally {
    await runner.close();
  }
  const marker: ShardMarker = { shard, planHash: plan.hash, replications, runs: ran, reused };
  writeAtomically(join(dir, markerName(shard)), `${JSON.stringify(marker, null, 2)}\n`);
  return { dir, marker };
}

/** metric → per arm, the values of replications 0..n−1 (read back from the records). */
function metricValues(plan: SweepPlan, dir: string, point: number, n: number): Map<string, number[][]> {
  const out = new Map<string, number[][]>(plan.targets.map((t) => [t.metric, plan.arms.map(() => [])]));
  for (let armIndex = 0; armIndex < plan.arms.length; armIndex++) {
    for (let replication = 0; replication < n; replication++) {
      const record = readRecord(recordPath(dir, { point, armIndex, replication }), plan.points[point].loaded.hash);
      if (!record) throw new Error(`run record p${point}-a${armIndex}-r${replication} vanished from ${dir}`);
      for (const t of plan.targets) out.get(t.metric)![armIndex].push(record.summary[t.metric]);
    }
  }
  return out;
}
