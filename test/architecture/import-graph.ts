// The import graph of src/: every relative import of every .ts file (type-only imports included, since they too make
// one module's meaning depend on another's), and the strongly connected components that form cycles.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export interface ImportGraph {
  /** File (relative to the root, with .ts) → the files it imports. */
  edges: Map<string, string[]>;
}

const IMPORT = /^\s*(?:import|export)\s[^;]*?\sfrom\s+'(\.[^']+)'|^\s*import\s+'(\.[^']+)'/gm;

export function readImportGraph(root: string): ImportGraph {
  const edges = new Map<string, string[]>();
  for (const file of listTs(root)) {
    const text = readFileSync(file, 'utf8');
    const targets: string[] = [];
    for (const m of text.matchAll(IMPORT)) {
      const spec = (m[1] ?? m[2]).replace(/\.js$/, '.ts');
      targets.push(relative(root, resolve(dirname(file), spec)));
    }
    edges.set(relative(root, file), targets);
  }
  return { edges };
}

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listTs(path));
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** Tarjan's strongly connected components with more than one file, or a file importing itself. */
export function importCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>(), low = new Map<string, number>();
  const stack: string[] = [], onStack = new Set<string>(), cycles: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.edges.get(v) ?? []) {
      if (!graph.edges.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.edges.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of [...graph.edges.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles;
}

/** Folder → folders its files import (a folder is the first path segment; files at the root are their own). */
export function folderEdges(graph: ImportGraph): Map<string, Set<string>> {
  const folder = (f: string) => f.split('/')[0];
  const out = new Map<string, Set<string>>();
  for (const [from, targets] of graph.edges) {
    const set = out.get(folder(from)) ?? new Set<string>();
    for (const t of targets) if (folder(t) !== folder(from)) set.add(folder(t));
    out.set(folder(from), set);
  }
  return out;
}

/** A readable summary: files and edges per folder, the folder graph, and each cycle. */
export function describeGraph(graph: ImportGraph, cycles: string[][]): string {
  const lines: string[] = [];
  const files = new Map<string, number>();
  for (const f of graph.edges.keys()) files.set(f.split('/')[0], (files.get(f.split('/')[0]) ?? 0) + 1);
  const edgeCount = [...graph.edges.values()].reduce((s, t) => s + t.length, 0);
  lines.push(`${graph.edges.size} files, ${edgeCount} imports`);
  for (const [folder, targets] of [...folderEdges(graph)].sort()) {
    lines.push(`  ${folder} (${files.get(folder)} files) -> ${[...targets].sort().join(', ') || '(nothing)'}`);
  }
  lines.push(cycles.length === 0 ? 'no import cycle' : `${cycles.length} import cycle(s):`);
  for (const cycle of cycles) lines.push(`  ${cycle.length} files: ${cycle.join(' ')}`);
  return lines.join('\n');
}
