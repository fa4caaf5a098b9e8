// `--set path=value` and sweep overrides: edit a raw scenario object at a field path before validation.
// Paths use dots and [i]; inside an array, a non-numeric key selects the element with that `name`
// (e.g. arms.vcenter-ha-drs.drs.threshold, or arms[vcenter-ha-drs].drs.threshold), and * every element
// (arms[*].nova.cpuAllocationRatio sets it in every arm).

import { parseDocument } from 'yaml';
import { InputError, excerpt } from './input-error.js';
import { pathProblems } from './safe-tree.js';

export interface Assignment {
  path: string;
  value: unknown;
}

/** Parses `path=value`; the value is read as YAML (numbers, booleans, strings, lists, objects). */
export function parseAssignment(text: string, source = '--set'): Assignment {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new InputError([{ source, path: '', message: `expected path=value, got ${excerpt(text)}` }]);
  const path = text.slice(0, eq).trim();
  let value: unknown;
  try {
    value = parseYamlValue(text.slice(eq + 1));
  } catch (error) {
    throw new InputError([{ source, path, message: `value is not valid YAML: ${(error as Error).message.split('\n')[0].slice(0, 160)}` }]);
  }
  return { path, value };
}

/** A command-line value read as YAML; unknown tags and other warnings are errors, not silent strings. */
export function parseYamlValue(text: string): unknown {
  const document = parseDocument(text, { uniqueKeys: true });
  const first = document.errors[0] ?? document.warnings[0];
  if (first) throw new Error(first.message);
  return document.toJS({ maxAliasCount: 100 });
}

export function splitPath(path: string): string[] {
  return path
    .replace(/\[([^\]]+)\]/g, '.$1')
    .split('.')
    .filter((part) => part.length > 0);
}

/** Returns a deep copy of `root` with `value` set at `path`. Throws InputError when the path cannot exist. */
export function setAtPath(root: unknown, path: string, value: unknown, source = '--set'): unknown {
  const parts = splitPath(path);
  if (parts.length === 0) throw new InputError([{ source, path, message: 'empty path' }]);
  const refused = pathProblems(parts, source, path);
  if (refused.length > 0) throw new InputError(refused);
  const copy = structuredClone(root) as Record<string, unknown>;
  setParts(copy, parts, 0, value, path, source);
  return copy;
}

function setParts(start: unknown, parts: readonly string[], from: number, value: unknown, path: string, source: string): void {
  let node: unknown = start;
  for (let i = from; i < parts.length; i++) {
    const key = parts[i];
    const last = i === parts.length - 1;
    if (Array.isArray(node) && key === '*') {
      if (node.length === 0) throw new InputError([{ source, path, message: `${parts.slice(0, i).join('.')} is empty: * matches nothing` }]);
      for (let j = 0; j < node.length; j++) {
        if (last) node[j] = structuredClone(value);
        else setParts(node[j], parts, i + 1, value, path, source);
      }
      return;
    }
    if (Array.isArray(node)) {
      let index = /^\d+$/.test(key) ? Number(key) : node.findIndex((e) => e && typeof e === 'object' && (e as { name?: unknown }).name === key);
      if (index < 0 || index >= node.length) {
        throw new InputError([{ source, path, message: `${excerpt(key)} matches no element of ${parts.slice(0, i).join('.') || 'the scenario'}` }]);
      }
      if (last) node[index] = value;
      else node = node[index];
      index = 0;
    } else if (node !== null && typeof node === 'object') {
      const object = node as Record<string, unknown>;
      if (last) object[key] = value;
      else {
        if (object[key] === undefined || object[key] === null) object[key] = {};
        node = object[key];
      }
    } else {
      throw new InputError([{ source, path, message: `cannot set ${excerpt(key)} inside a ${typeof node}` }]);
    }
  }
}
