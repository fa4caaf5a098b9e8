// A sweep plan: every point of the cartesian product validated as a whole scenario before anything runs, the
// adaptive-replication targets, the work units, and the deterministic partition of that work into shards.

import { createHash } from 'node:crypto';
import { InputError, formatProblem, type Problem } from '../scenario/input-error.js';
import { canonicalJson, readScenarioObject, resolveScenario, type LoadedScenario } from '../scenario/load-scenario.js';
import { setAtPath, type Assignment } from '../scenario/set-path.js';
import { sweepSectionSchema, type SweepSection } from '../scenario/sweep-schema.js';
import { zodProblems } from '../scenario/zod-problems.js';
import { RunMetrics } from '../metrics/run-metrics.js';
import { commandLineAssignments, selectArms } from '../scenario/command-line-overrides.js';
import { CAPSIM_VERSION } from '../output/version.js';
import { estimateRunSize, RUN_SIZE_LIMITS } from '../scenario/run-size.js';
import { cartesian, collectSweepAxes, pointLabel, type SweepAxis } from './sweep-axes.js';
import type { Scenario } from '../scenario/schema.js';
import type { StratumDesign } from '../metrics/stratified-estimate.js';
import { stratumDesign } from './stratum-design.js';

export interface SweepInputs {
  file: string;
  vary?: string[];
  /** --zip path=values: moves with the last --vary */
  zip?: string[];
  set?: string[];
  seed?: number;
  replications?: number;
  arm?: string[];
  /** `metric=halfwidth` or `metric=N%`. */
  targetCi?: string[];
  maxReplications?: number;
  timeseries?: boolean;
  /** Run even when a point's run-size estimate is above its limits. */
  force?: boolean;
  /** Each `--plugin` file as given and the sha256 of its bytes, in order: a changed plug-in makes a different sweep
   * (resume refuses it), and sweep.json keeps the list so that `capsim merge` writes it into manifest.json. */
  plugins?: readonly PluginRecord[];
}

/** A `--plugin` file as manifest.json and sweep.json record it. */
export interface PluginRecord {
  path: string;
  sha256: string;
}

export interface CiTarget {
  metric: string;
  /** Wanted 95 % CI half-width: absolute, or a fraction of |mean| when `relative`. */
  halfWidth: number;
  relative: boolean;
  /** `capsim run --target-ci diff:metric=…`: judged on each arm's paired difference to the baseline. */
  paired?: boolean;
}

export interface SweepPoint {
  index: number;
  values: unknown[];
  loaded: LoadedScenario;
  /** Replications to run (the first round when adaptive). */
  replications: number;
  /** Cap on replications when adaptive. */
  maxReplications: number;
}

export interface SweepPlan {
  name: string;
  file: string;
  axes: SweepAxis[];
  points: SweepPoint[];
  arms: string[];
  targets: CiTarget[];
  timeseries: boolean;
  /** sha256 over everything that determines the results (capsim version, every point's resolved scenario, targets). */
  hash: string;
  plugins: readonly PluginRecord[];
}

/** One simulation: a (point, arm, replication). */
export interface SweepUnit {
  point: number;
  armIndex: number;
  replication: number;
}

export interface Shard {
  index: number;
  count: number;
}

/** The metric names of summary.csv, known before any run (a run adds `events`). */
export function summaryMetricNames(): string[] {
  return [...Object.keys(new RunMetrics(1, 0, 1, '', 0, false).summary()), 'events'];
}

export function planSweep(inputs: SweepInputs): SweepPlan {
  const problems: Problem[] = [];
  const sets = commandLineAssignments(inputs, problems);
  const file = inputs.file;
  const plugins = inputs.plugins ?? [];
  let raw = readScenarioObject(file);
  if (inputs.arm && inputs.arm.length > 0) raw = selectArms(raw, inputs.arm, file);

  let section: SweepSection | undefined;
  const rawSection = (raw as { sweep?: unknown } | null)?.sweep;
  if (rawSection !== undefined) {
    const parsed = sweepSectionSchema.safeParse(rawSection);
    if (parsed.success) section = parsed.data;
    else problems.push(...zodProblems(file, parsed.error.issues, rawSection, ['sweep'], sweepSectionSchema));
  }
  // Problems of the axes and targets do not stop the points from being checked with the sound axes: all at once.
  const axes = collectSweepAxes(section, file, inputs.vary ?? [], problems, inputs.zip ?? []);
  const targets = parseTargets(section, file, inputs.targetCi ?? [], problems);

  // Validate every point; a problem shared by several points is reported once, with the points it occurs in.
  const valueLists = cartesian(axes);
  const points: SweepPoint[] = [];
  const byProblem = new Map<string, { problem: Problem; labels: string[] }>();
  valueLists.forEach((values, index) => {
    try {
      // Apply every assignment on its own so one bad path does not hide the problems of the others.
      let object = raw;
      const pathProblems: Problem[] = [];
      const assignments = [...sets.map((a) => ({ ...a, source: '--set' })),
        ...axes.map((a, i) => ({ path: a.path, value: values[i], source: '--vary' }))];
      for (const a of assignments) {
        try {
          object = setAtPath(object, a.path, a.value, a.source);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          pathProblems.push(...error.problems);
        }
      }
      let loaded;
      try {
        loaded = resolveScenario(object, file, [], { force: inputs.force });
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        throw new InputError([...pathProblems, ...error.problems]);
      }
      if (pathProblems.length > 0) throw new InputError(pathProblems);
      const replications = loaded.scenario.replications;
      const maxReplications = inputs.maxReplications ?? section?.maxReplications ?? 10 * replications;
      if (targets.length > 0 && maxReplications < replications) {
        throw new InputError([{ source: inputs.maxReplications !== undefined ? '--max-replications' : file,
          path: inputs.maxReplications !== undefined ? '' : 'sweep.maxReplications',
          message: `expected at least the ${replications} replications the scenario asks for, got ${maxReplications}` }]);
      }
      points.push({ index, values, loaded, replications, maxReplications });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      for (const problem of error.problems) {
        const key = formatProblem(problem);
        if (!byProblem.has(key)) byProblem.set(key, { problem, labels: [] });
        byProblem.get(key)!.labels.push(pointLabel(axes, values));
      }
    }
  });
  if (byProblem.size > 0 || problems.length > 0) {
    throw new InputError([...problems, ...[...byProblem.values()].map(({ problem, labels }) => {
      if (axes.length === 0) return problem;
      const where = labels.length === valueLists.length ? `every point (${labels.length})`
        : labels.length <= 3 ? labels.map((l) => `[${l}]`).join(' ')
          : `${labels.slice(0, 3).map((l) => `[${l}]`).join(' ')} and ${labels.length - 3} more points`;
      return { ...problem, message: `${problem.message} (at ${where})` };
    })]);
  }
  // Each point is within the run-size limits; all of them together must be too.
  const events = points.reduce((sum, p) => sum + estimateRunSize(p.loaded.scenario, p.loaded.requestTrace?.time.length ?? 0).events, 0);
  if (!inputs.force && events > RUN_SIZE_LIMITS.events) {
    throw new InputError([{ source: axes.length > 0 ? '--vary' : file, path: axes.map((a) => a.path).join(' × ') || 'replications',
      message: `the sweep's ${points.length} points would have about ${events.toExponential(2)} events, above the limit of ` +
        `${RUN_SIZE_LIMITS.events.toExponential(2)} (pass --force to run it anyway)` }]);
  }
  const name = points[0].loaded.scenario.name;
  const arms = points[0].loaded.scenario.arms.map((a) => a.name);
  const timeseries = inputs.timeseries ?? true;
  const hash = createHash('sha256').update(canonicalJson({
    capsimVersion: CAPSIM_VERSION, name, parameters: axes.map((a) => a.path), arms, targets, timeseries,
    ...(plugins.length > 0 ? { plugins: plugins.map((p) => p.sha256) } : {}),
    points: points.map((p) => ({ values: p.values, hash: p.loaded.hash, replications: p.replications,
      maxReplications: targets.length > 0 ? p.maxReplications : null })),
  })).digest('hex');
  return { name, file, axes, points, arms, targets, timeseries, hash, plugins };
}

/** `--target-ci` texts (metric=halfwidth or metric=N% of the mean) and a sweep section's targets, checked. */
export function parseTargets(section: SweepSection | undefined, file: string, texts: readonly string[], problems: Problem[]): CiTarget[] {
  const known = new Set(summaryMetricNames());
  const targets = new Map<string, CiTarget>();
  const add = (metric: string, value: string | number, source: string, path: string) => {
    const text = String(value).trim();
    const relative = text.endsWith('%');
    const number = Number(relative ? text.slice(0, -1) : text);
    if (!known.has(metric)) {
      problems.push({ source, path, message: `unknown metric "${metric}"; summary metrics are ${[...known].join(', ')}` });
    } else if (!(number > 0) || !Number.isFinite(number)) {
      problems.push({ source, path, message: `expected a positive half-width (a number, or "N%" of the mean), got "${text}"` });
    } else targets.set(metric, { metric, halfWidth: relative ? number / 100 : number, relative });
  };
  for (const [metric, value] of Object.entries(section?.targetCi ?? {})) add(metric, value, file, `sweep.targetCi.${metric}`);
  for (const text of texts) {
    const eq = text.indexOf('=');
    if (eq <= 0) problems.push({ source: '--target-ci', path: '', message: `expected metric=halfwidth, got "${text}"` });
    else add(text.slice(0, eq).trim(), text.slice(eq + 1), '--target-ci', text.slice(0, eq).trim());
  }
  return [...targets.values()];
}

/** Units of a point for replications [from, to), in canonical order (arm, then replication). */
export function pointUnits(plan: SweepPlan, point: number, from: number, to: number): SweepUnit[] {
  const units: SweepUnit[] = [];
  for (let armIndex = 0; armIndex < plan.arms.length; armIndex++) {
    for (let replication = from; replication < to; replication++) units.push({ point, armIndex, replication });
  }
  return units;
}

/** Every unit of a fixed-replication sweep in canonical order (point, arm, replication). */
export function allUnits(plan: SweepPlan): SweepUnit[] {
  return plan.points.flatMap((p) => pointUnits(plan, p.index, 0, p.replications));
}

/** What the shard partition depends on; a plan and a plan file both provide it. */
export interface PlanShape {
  adaptive: boolean;
  /** Replications of each point (the first round when adaptive). */
  replications: readonly number[];
  arms: number;
  /** Index of each point's first unit in canonical order. */
  offsets: readonly number[];
}

export function planShape(plan: SweepPlan | PlanFile): PlanShape {
  const replications = plan.points.map((p) => p.replications);
  const offsets: number[] = [];
  let offset = 0;
  for (const r of replications) {
    offsets.push(offset);
    offset += r * plan.arms.length;
  }
  const adaptive = 'targets' in plan ? plan.targets.length > 0 : plan.targetCi.length > 0;
  return { adaptive, replications, arms: plan.arms.length, offsets };
}

/**
 * The shard a unit belongs to. Fixed replications: units are dealt round-robin in canonical order (point, arm,
 * replication), so every shard gets a similar mix of points and arms. Adaptive: whole points are dealt round-robin,
 * because how many replications a point needs is decided from all of its runs.
 */
export function shardOf(shape: PlanShape, unit: SweepUnit, count: number): number {
  if (shape.adaptive) return unit.point % count;
  return (shape.offsets[unit.point] + unit.armIndex * shape.replications[unit.point] + unit.replication) % count;
}

/** Parses `i/n` (0 ≤ i < n). */
export function parseShard(text: string, source = '--shard'): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index >= count) {
    throw new InputError([{ source, path: '', message: `expected i/n with 0 ≤ i < n (e.g. 0/4), got "${text}"` }]);
  }
  return { index, count };
}

/** The shard of a Slurm array task, from SLURM_ARRAY_TASK_ID / _COUNT (and _MIN when the array does not start at 0). */
export function shardFromSlurm(env: NodeJS.ProcessEnv): Shard | undefined {
  const id = env.SLURM_ARRAY_TASK_ID;
  const count = env.SLURM_ARRAY_TASK_COUNT;
  if (id === undefined || count === undefined) return undefined;
  const min = Number(env.SLURM_ARRAY_TASK_MIN ?? 0);
  const step = Number(env.SLURM_ARRAY_TASK_STEP ?? 1) || 1;
  return parseShard(`${(Number(id) - min) / step}/${count}`, 'SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT');
}

/** What sweep.json records about a plan: enough for `capsim merge` to write the files without the scenario. */
export interface PlanFile {
  format: 1;
  capsimVersion: string;
  scenario: string;
  scenarioFile: string;
  planHash: string;
  parameters: string[];
  arms: string[];
  /** The arms as resolved at the first point (settings that a sweep varies differ at other points). */
  armSettings?: unknown[];
  targetCi: CiTarget[];
  timeseries: boolean;
  points: { index: number; label: string; values: unknown[]; scenarioHash: string; seed: number; replications: number;
    maxReplications?: number; stratify?: PointStrata }[];
  /** The `--plugin` files the sweep ran with (absent without any). */
  plugins?: PluginRecord[];
}

/** A stratified point's design, so that `capsim merge` can weight its strata without the scenario. */
export interface PointStrata extends StratumDesign {
  allocation: number[];
}

export function describePlan(plan: SweepPlan): PlanFile {
  return {
    format: 1,
    capsimVersion: CAPSIM_VERSION,
    scenario: plan.name,
    scenarioFile: plan.file,
    planHash: plan.hash,
    parameters: plan.axes.map((a) => a.path),
    arms: plan.arms,
    armSettings: plan.points[0]?.loaded.scenario.arms,
    targetCi: plan.targets,
    timeseries: plan.timeseries,
    points: plan.points.map((p) => ({
      index: p.index,
      label: pointLabel(plan.axes, p.values),
      values: p.values,
      scenarioHash: p.loaded.hash,
      seed: p.loaded.scenario.seed,
      replications: p.replications,
      ...(plan.targets.length > 0 ? { maxReplications: p.maxReplications } : {}),
      ...pointStrata(p.loaded.scenario),
    })),
    ...(plan.plugins.length > 0 ? { plugins: [...plan.plugins] } : {}),
  };
}

function pointStrata(scenario: Scenario): { stratify?: PointStrata } {
  // A sweep point weights its strata but takes no control variates (comparison.csv of a sweep: plain stratified).
  const design = stratumDesign({ ...scenario, controlVariates: undefined });
  const allocation = scenario.stratify?.groupOutages.allocation;
  return design && allocation ? { stratify: { ...design, labels: [...design.labels],
    probabilities: [...design.probabilities], allocation } } : {};
}
