import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { capsim, ROOT } from '../support/cli.js';
import { lanlSamples } from '../../src/data-import/lanl-fit.js';
import { distribution } from '../../src/scenario/primitives.js';

const RECORDS = join(ROOT, 'data', 'lanl', 'LA-UR-05-7318-failure-data-1996-2005.csv.xz');

describe('capsim fit lanl', () => {
  it('takes gaps per node, from the end of one outage to the start of the next, and every outage as a repair', () => {
    const outages = [
      { node: 1, startS: 0, durationS: 100 },
      { node: 2, startS: 50, durationS: 10 },
      { node: 1, startS: 1000, durationS: 20 },
      { node: 2, startS: 5060, durationS: 30 },
      { node: 1, startS: 1500, durationS: 5 },
    ];
    expect(lanlSamples(outages)).toEqual({ betweenFailuresS: [900, 5000, 480], repairS: [100, 10, 20, 30, 5] });
  });

  it('prints the best fits in the scenario\'s distribution syntax, which the scenario schema accepts', () => {
    const r = capsim(['fit', 'lanl', RECORDS, '--system', '20']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const family of ['weibull', 'lognormal', 'exponential']) expect(r.stdout).toContain(`#   ${family} `);
    const snippet = parseYaml(r.stdout) as { failures: { hostFailure: unknown; repair: unknown } };
    expect(distribution.safeParse(snippet.failures.hostFailure).success).toBe(true);
    expect(distribution.safeParse(snippet.failures.repair).success).toBe(true);
  });

  it('exits 2 on a system without records', () => {
    const r = capsim(['fit', 'lanl', RECORDS, '--system', '99']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${RECORDS}: no records of system 99`);
  });
});
