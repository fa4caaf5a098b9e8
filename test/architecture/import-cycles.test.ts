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

  it.each(['kernel', 'model', 'engine', 'nova', 'vsphere', 'failures', 'metrics', 'workload'])(
    '%s/ imports neither experiment/ nor cli/', (folder) => {
      const targets = [...(folderEdges(graph).get(folder) ?? [])];
      expect(targets.filter((t) => t === 'experiment' || t === 'cli'), summary).toEqual([]);
    });

  it('finds a cycle when there is one', () => {
    const edges = new Map([['a/x.ts', ['b/y.ts']], ['b/y.ts', ['a/x.ts']], ['c/z.ts', ['a/x.ts']]]);
    expect(importCycles({ edges })).toEqual([['a/x.ts', 'b/y.ts']]);
  });
});
