// Reads manifest.json: the run's provenance (version, scenario, seed, arms, command line, wall time).

import { readFileSync, statSync } from 'node:fs';
import { InputError } from './input-error.js';

export interface ArmManifest {
  name: string;
  [setting: string]: unknown;
}

export interface Manifest {
  capsimVersion: string | null;
  scenario: string;
  scenarioHash: string | null;
  seed: number | string | null;
  replications: number | null;
  arms: ArmManifest[];
  commandLine: string | null;
  nodeVersion: string | null;
  wallTimeSeconds: number | null;
  sweep: { parameters: string[]; points: number | null } | null;
  horizonSeconds: number | null;
  /** the fully resolved scenario (every default filled in), when the writer recorded it */
  resolved: Record<string, unknown> | null;
  /** source revision: a git commit, or package version + a hash of the built code */
  revision: string | null;
  /** every other top-level field, as written */
  raw: Readonly<Record<string, unknown>>;
  /** Files the run wrote (the report reads no others); null in manifests that do not list them. */
  files: string[] | null;
}

function optionalString(value: unknown): string | null {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;
}

function optionalNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Validates the parsed JSON; every problem is reported at once. */
export function parseManifest(json: unknown): Manifest {
  const problems: string[] = [];
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InputError('manifest.json: expected a JSON object');
  }
  const m = json as Record<string, unknown>;
  const scenario = typeof m.scenario === 'string' ? m.scenario : '';
  if (scenario === '') problems.push('manifest.json: scenario: expected the scenario name (a non-empty string)');
  const arms: ArmManifest[] = [];
  if (!Array.isArray(m.arms) || m.arms.length === 0) {
    problems.push('manifest.json: arms: expected a non-empty array of { name, ...settings }');
  } else {
    m.arms.forEach((arm: unknown, i) => {
      if (typeof arm === 'object' && arm !== null && typeof (arm as { name?: unknown }).name === 'string') {
        arms.push(arm as ArmManifest);
      } else if (typeof arm === 'string') {
        arms.push({ name: arm });
      } else {
        problems.push(`manifest.json: arms[${i}]: expected { name, ...settings }`);
      }
    });
  }
  let sweep: Manifest['sweep'] = null;
  if (m.sweep !== undefined && m.sweep !== null) {
    const s = m.sweep as Record<string, unknown>;
    const parameters = Array.isArray(s.parameters) ? s.parameters : [];
    if (parameters.length === 0 || !parameters.every((p) => typeof p === 'string' && p !== '')) {
      problems.push('manifest.json: sweep.parameters: expected a non-empty array of parameter paths');
    } else {
      sweep = { parameters: parameters as string[], points: optionalNumber(s.points) };
    }
  }
  const commandLine = Array.isArray(m.commandLine) ? m.commandLine.map(String).join(' ') : optionalString(m.commandLine);
  const seed = typeof m.seed === 'number' || typeof m.seed === 'string' ? m.seed : Array.isArray(m.seeds) ? m.seeds.join(', ') : null;
  if (problems.length > 0) throw new InputError(problems.join('\n'));
  return {
    capsimVersion: optionalString(m.capsimVersion),
    scenario,
    scenarioHash: optionalString(m.scenarioHash),
    seed,
    replications: optionalNumber(m.replications),
    arms,
    commandLine,
    nodeVersion: optionalString(m.nodeVersion),
    wallTimeSeconds: optionalNumber(m.wallTimeSeconds),
    sweep,
    horizonSeconds: optionalNumber(m.horizonSeconds),
    resolved: typeof m.resolved === 'object' && m.resolved !== null && !Array.isArray(m.resolved) ? (m.resolved as Record<string, unknown>) : null,
    revision: revisionText(m.revision),
    raw: m,
    files: Array.isArray(m.files) && m.files.every((f) => typeof f === 'string') ? m.files as string[] : null,
  };
}

function revisionText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Record<string, unknown>;
  if (typeof r.gitCommit === 'string') return `git ${r.gitCommit}${r.gitDirty === true ? ' (uncommitted changes)' : ''}`;
  if (typeof r.distHash === 'string') return `${String(r.packageVersion ?? '?')}, dist sha256 ${r.distHash.slice(0, 16)}`;
  return null;
}

export function readManifest(path: string): Manifest {
  let json: unknown;
  if (!statSync(path).isFile()) throw new InputError('manifest.json: expected a regular file');
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new InputError(`manifest.json: not valid JSON: ${(error as Error).message}`);
  }
  return parseManifest(json);
}
