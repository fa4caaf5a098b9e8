// The equilibrium start's arrival order (oldest first) equals a stable sort on b.age − a.age, ties included.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oldestFirst } from '../../src/workload/initial-population.js';

describe('oldestFirst', () => {
  it('orders indices as a stable sort by descending age does, with ties and zeros', () => {
    // Ages are ≥ 0; −0, negatives, subnormals and infinities check the sort keys' bit handling too.
    const age = fc.oneof(fc.constantFrom(0, -0, 1, 2.5, 86400, 5e-324, Infinity), fc.double({ min: 0, max: 1e7, noNaN: true }),
      fc.double({ noNaN: true }));
    fc.assert(fc.property(fc.array(age, { maxLength: 200 }), (list) => {
      const ages = Float64Array.from(list);
      const expected = list.map((a, i) => ({ a, i })).sort((x, y) => y.a - x.a).map((x) => x.i);
      expect([...oldestFirst(ages)]).toEqual(expected);
    }), { numRuns: 2_000 });
  });
});
