// Dependencies point one way: no file of src/ reaches itself through imports, and the run kernel and the domain
// folders never import the experiment or command-line layers above them. On failure the message lists the folder
// graph and every cycle.

import { describe, expect, it } from 'vitest';
import { describeGraph, folderEdges, importCycles, readImportGraph } from './import-graph.js';

const graph = readImportGraph('src');
const cycles = importCycles(graph);
const summary = describeGraph(graph, cycles);

describe('import graph of src/', () => {
  it('has no cycle', () => {
    console.log(summary);
    expect(cycles, summary).toEqual([]);
  });

  it.each(['kernel', 'model', 'engine', 'nova', 'vsphere', 'failures', 'metrics', 'workload', 'scenario'])(
    '%s/ imports none of experiment/, cli/, the plug-in loader (plugin/) or the library entry (api/)', (folder) => {
      const targets = [...(folderEdges(graph).get(folder) ?? [])];
      expect(targets.filter((t) => ['experiment', 'cli', 'plugin', 'api'].includes(t)), summary).toEqual([]);
    });

  it('the plug-in loader sits below the command line and the library entry, which nothing else imports', () => {
    const edges = folderEdges(graph);
    expect([...(edges.get('plugin') ?? [])].filter((t) => t === 'cli' || t === 'api'), summary).toEqual([]);
    const importersOfApi = [...edges].filter(([from, to]) => from !== 'api' && to.has('api')).map(([from]) => from);
    expect(importersOfApi, summary).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const edges = new Map([['a/x.ts', ['b/y.ts']], ['b/y.ts', ['a/x.ts']], ['c/z.ts', ['a/x.ts']]]);
    expect(importCycles({ edges })).toEqual([['a/x.ts', 'b/y.ts']]);
  });
});
