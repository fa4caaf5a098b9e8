import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cartesian, expandRange, parseVary, splitTopLevel, sweepAxes } from '../../src/experiment/sweep-axes.js';
import { problemLines as problems } from '../support/problems.js';


describe('parseVary(text)', () => {
  it.each([
    ['a=1,2,3', 'a', [1, 2, 3]],
    ['workload.arrivals.poisson.ratePerHour=20,40', 'workload.arrivals.poisson.ratePerHour', [20, 40]],
    ['arms.nova-kvm-spread.nova.ramAllocationRatio=1.0,1.5', 'arms.nova-kvm-spread.nova.ramAllocationRatio', [1, 1.5]],
    ['horizon=1d,2h', 'horizon', ['1d', '2h']],
    ['x=true,off', 'x', [true, 'off']],
    ['arms.a.nova.weighers=[{ram: 1.0}],[]', 'arms.a.nova.weighers', [[{ ram: 1 }], []]],
    ['lifetime={lognormal: {median: 1d, sigma: 1}},{constant: 1h}', 'lifetime', [{ lognormal: { median: '1d', sigma: 1 } }, { constant: '1h' }]],
    ['a="x,y",z', 'a', ['x,y', 'z']],
    ['a=0:1:0.25', 'a', [0, 0.25, 0.5, 0.75, 1]],
    ['a=10:30:10', 'a', [10, 20, 30]],
    ['a=5:1:-2', 'a', [5, 3, 1]],
    ['a=0:0.3:0.1', 'a', [0, 0.1, 0.2, 0.3]],
    ['a=1:2:5', 'a', [1]],
  ])('%s', (text, path, values) => {
    expect(parseVary(text)).toEqual({ path, values });
  });

  it.each([
    ['novalue', 'expected path=v1,v2'],
    ['=1,2', 'expected path=v1,v2'],
    ['a=1,,2', 'empty value'],
    ['a=1:0:1', 'never reaches'],
    ['a=0:1:0', 'step must not be 0'],
    ['a=0:1e9:1', 'at most'],
    ['a=[1,', 'not valid YAML'],
  ])('rejects %s', (text, message) => {
    expect(problems(() => parseVary(text)).join('\n')).toContain(message);
  });
});

describe('expandRange(text)', () => {
  it('has stop included exactly when it is on the grid, with no float noise', () => {
    fc.assert(fc.property(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 9 }),
      (start, count, stepTenths) => {
        const step = stepTenths / 10;
        const stop = start + count * step;
        const values = expandRange(`${start}:${stop}:${step}`);
        expect(values.length).toBe(count + 1);
        values.forEach((v, i) => expect(v).toBe(Number((start + i * step).toPrecision(12))));
      }));
  });
});

describe('splitTopLevel(text)', () => {
  it('splits only on commas outside brackets and quotes', () => {
    expect(splitTopLevel('1,[2,3],{a: 4, b: 5},"6,7"')).toEqual(['1', '[2,3]', '{a: 4, b: 5}', '"6,7"']);
  });
});

describe('sweepAxes(section, file, vary)', () => {
  it('takes the file section in order, then --vary; a --vary of a file path replaces it in place', () => {
    const axes = sweepAxes({ vary: { seed: [1, 2], 'workload.arrivals.poisson.ratePerHour': '10:20:10' } }, 'x.yaml',
      ['replications=2,3', 'seed=5']);
    expect(axes).toEqual([
      { path: 'seed', values: [5] },
      { path: 'workload.arrivals.poisson.ratePerHour', values: [10, 20] },
      { path: 'replications', values: [2, 3] },
    ]);
  });

  it('reports every problem at once', () => {
    const found = problems(() => sweepAxes({ vary: { horizon: '1:0:1' } }, 'x.yaml',
      ['name=a,b', 'a=1,1', 'b=1', 'b=2', 'arms.x.nova=1', 'arms.x.nova.ramAllocationRatio=2']));
    expect(found).toEqual([
      'x.yaml: sweep.vary.horizon: range "1:0:1": step 1 never reaches 0 from 1',
      '--vary: b: varied twice; give all its values in one --vary',
      '--vary: name: "name" cannot be varied (it names the results folder / defines the sweep)',
      '--vary: a: value 1 is listed twice',
      '--vary: arms.x.nova.ramAllocationRatio: overlaps the varied path arms.x.nova; vary one or the other',
    ]);
  });
});

describe('cartesian(axes)', () => {
  it('is the product in nested-loop order, first axis slowest', () => {
    expect(cartesian([{ path: 'a', values: [1, 2] }, { path: 'b', values: ['x', 'y', 'z'] }])).toEqual([
      [1, 'x'], [1, 'y'], [1, 'z'], [2, 'x'], [2, 'y'], [2, 'z'],
    ]);
    expect(cartesian([])).toEqual([[]]);
  });

  it('has one point per combination, all distinct', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 4 }), (sizes) => {
      const axes = sizes.map((n, i) => ({ path: `p${i}`, values: Array.from({ length: n }, (_, k) => k) }));
      const points = cartesian(axes);
      expect(points.length).toBe(sizes.reduce((a, b) => a * b, 1));
      expect(new Set(points.map((p) => JSON.stringify(p))).size).toBe(points.length);
    }));
  });
});
