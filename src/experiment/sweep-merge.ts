// `capsim merge`: combines the folders of a sharded sweep into the files a one-machine sweep writes, after checking
// that every shard finished and every run is there; otherwise it names each missing or incomplete shard.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { prepareOutputDir } from '../output/output-dir.js';
import { join } from 'node:path';
import { InputError, type Problem } from '../scenario/input-error.js';
import { planShape, shardOf, type PlanFile, type SweepUnit } from './sweep-plan.js';
import { recordPath, unitKey } from './sweep-records.js';
import { PLAN_FILE, readJsonFile, readPlanFile, type ShardMarker } from './sweep-run.js';
import { writeAtomically, writeSweepResults } from './sweep-write.js';

export interface MergeOptions {
  /** Expected number of shards (the emitted Slurm workflow passes it, so a shard that never started is named). */
  shards?: number;
  commandLine: string[];
  wallTimeSeconds?: number;
}

const MARKER = /^shard-(\d+)-of-(\d+)\.done\.json$/;
const SOURCE = 'capsim merge';

/** A folder given to merge: the sweep folder itself (holding sweep.json) or its parent (the --out of the shard). */
export function findSweepDir(dir: string): string | undefined {
  if (existsSync(join(dir, PLAN_FILE))) return dir;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return undefined;
  const inner = readdirSync(dir).filter((name) => existsSync(join(dir, name, PLAN_FILE)));
  return inner.length === 1 ? join(dir, inner[0]) : undefined;
}

export async function mergeSweeps(dirs: readonly string[], outDir: string, options: MergeOptions): Promise<{ dir: string; shards: number; plan: PlanFile }> {
  const started = process.hrtime.bigint();
  const problems: Problem[] = [];
  const found: { given: string; dir: string; plan: PlanFile }[] = [];
  for (const given of dirs) {
    const dir = findSweepDir(given);
    if (!dir) {
      problems.push({ source: SOURCE, path: given, message: existsSync(given) ? 'no sweep output here (no sweep.json)' : 'no such folder' });
      continue;
    }
    found.push({ given, dir, plan: readPlanFile(dir)! });
  }
  if (found.length === 0) throw new InputError([...problems, { source: SOURCE, path: '', message: 'no shard output found; nothing to merge' }]);
  const plan = found[0].plan;
  for (const f of found.slice(1)) {
    if (f.plan.planHash !== plan.planHash) {
      problems.push({ source: SOURCE, path: f.given, message: `holds a different sweep than ${found[0].given} (plan ${f.plan.planHash.slice(0, 12)} ≠ ${plan.planHash.slice(0, 12)})` });
    }
  }
  const sameSweep = found.filter((f) => f.plan.planHash === plan.planHash);

  // Completion markers of every shard, from every folder.
  const markers = new Map<number, { marker: ShardMarker; dir: string }>();
  const counts = new Set<number>(options.shards !== undefined ? [options.shards] : []);
  for (const f of sameSweep) {
    for (const name of readdirSync(f.dir)) {
      const m = MARKER.exec(name);
      if (!m) continue;
      const marker = readJsonFile(join(f.dir, name)) as ShardMarker | undefined;
      if (!marker || typeof marker !== 'object' || !marker.shard || !Number.isInteger(marker.shard.index) || !Number.isInteger(marker.shard.count)
        || marker.shard.count < 1 || marker.shard.index < 0 || marker.shard.index >= marker.shard.count || typeof marker.replications !== 'object') {
        problems.push({ source: SOURCE, path: join(f.dir, name), message: 'unreadable completion marker (cut short or edited); re-run that shard with --resume' });
        continue;
      }
      if (marker.planHash !== plan.planHash) continue;
      counts.add(marker.shard.count);
      markers.set(marker.shard.index, { marker, dir: f.dir });
    }
  }
  if (counts.size > 1) {
    problems.push({ source: SOURCE, path: '', message: `shards of different splits (${[...counts].sort().map((c) => `n=${c}`).join(', ')}); merge one split` });
    throw new InputError(problems);
  }
  const count = counts.size === 1 ? [...counts][0] : undefined;
  const units = plan.points.reduce((n, p) => n + Math.max(1, p.replications) * plan.arms.length, 0);
  if (count !== undefined && count > units) {
    throw new InputError([...problems, { source: SOURCE, path: '', message: `markers name ${count} shards, more than the sweep's ${units} runs (edited markers?)` }]);
  }
  if (count === undefined) {
    throw new InputError([...problems, { source: SOURCE, path: '', message: 'no shard has finished (no shard-*-of-*.done.json in any folder)' }]);
  }

  const shape = planShape(plan);
  const adaptive = shape.adaptive;
  const replications = plan.points.map((p) => (adaptive ? -1 : p.replications));
  const runDirs = sameSweep.map((f) => f.dir);
  // A unit's record is most likely in the folder of its shard's marker: look there first.
  const locate = (unit: SweepUnit): string[] => {
    const home = markers.get(shardOf(shape, unit, count))?.dir;
    return home ? [home, ...runDirs.filter((d) => d !== home)] : runDirs;
  };
  for (let index = 0; index < count; index++) {
    const label = `shard ${index}/${count}`;
    const entry = markers.get(index);
    if (!entry) {
      problems.push({ source: SOURCE, path: label, message: 'missing: it never finished (no completion marker in any given folder); re-run it with --resume' });
      continue;
    }
    if (adaptive) for (const [p, n] of Object.entries(entry.marker.replications)) replications[Number(p)] = n;
    const missing: string[] = [];
    let expected = 0;
    for (const point of plan.points) {
      const n = adaptive ? (point.index % count === index ? entry.marker.replications[point.index] ?? 0 : 0) : point.replications;
      for (let armIndex = 0; armIndex < plan.arms.length; armIndex++) {
        for (let replication = 0; replication < n; replication++) {
          const unit: SweepUnit = { point: point.index, armIndex, replication };
          if (shardOf(shape, unit, count) !== index) continue;
          expected++;
          if (!locate(unit).some((d) => existsSync(recordPath(d, unit)))) missing.push(unitKey(unit));
        }
      }
    }
    if (missing.length > 0) {
      problems.push({ source: SOURCE, path: label, message: `incomplete: ${missing.length} of ${expected} runs missing ` +
        `(${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}); re-run it with --resume` });
    }
  }
  if (problems.length > 0) throw new InputError(problems);

  const dir = join(outDir, plan.scenario);
  prepareOutputDir(dir);
  await writeSweepResults(dir, plan, replications, locate, {
    commandLine: options.commandLine,
    wallTimeSeconds: options.wallTimeSeconds ?? Number(process.hrtime.bigint() - started) / 1e9,
    shards: count,
    ...(plan.plugins && plan.plugins.length > 0 ? { manifestExtra: { plugins: plan.plugins } } : {}),
  });
  if (!runDirs.includes(dir)) writeAtomically(join(dir, PLAN_FILE), `${JSON.stringify(plan, null, 2)}\n`);
  return { dir, shards: count, plan };
}
