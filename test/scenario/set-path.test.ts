import { describe, expect, it } from 'vitest';
import { parseAssignment, setAtPath } from '../../src/scenario/set-path.js';
import { InputError } from '../../src/scenario/input-error.js';

const raw = { horizon: '1d', arms: [{ name: 'a', nova: { ramAllocationRatio: 1.5 } }, { name: 'b-c' }] };

describe('--set', () => {
  it('parses values as YAML', () => {
    expect(parseAssignment('seed=3')).toEqual({ path: 'seed', value: 3 });
    expect(parseAssignment('arms[0].nova.weighers=[{ram: -1}]').value).toEqual([{ ram: -1 }]);
    expect(parseAssignment('horizon=2h').value).toBe('2h');
    expect(() => parseAssignment('novalue')).toThrow(InputError);
  });

  it('sets by index, by arm name, and creates missing objects; the input is not changed', () => {
    const byIndex = setAtPath(raw, 'arms[0].nova.ramAllocationRatio', 1.0) as typeof raw;
    expect(byIndex.arms[0].nova!.ramAllocationRatio).toBe(1.0);
    expect(raw.arms[0].nova?.ramAllocationRatio).toBe(1.5);
    const byName = setAtPath(raw, 'arms.b-c.drs.threshold', 5) as { arms: { drs?: { threshold: number } }[] };
    expect(byName.arms[1].drs).toEqual({ threshold: 5 });
  });

  it('names the path that matches nothing', () => {
    expect(() => setAtPath(raw, 'arms.zzz.nova', 1)).toThrow(/"zzz" matches no element of arms/);
    expect(() => setAtPath(raw, 'horizon.x.y', 1)).toThrow(/cannot set "x" inside a string/);
  });
});
