import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/scenario/duration.js';

describe('parseDuration', () => {
  it.each([
    ['90s', 90], ['5m', 300], ['2h', 7200], ['30d', 2_592_000], ['1.5h', 5400], ['250ms', 0.25], ['1w', 604800], [' 3 H ', 10800],
  ])('%s = %f s', (text, seconds) => expect(parseDuration(text)).toBeCloseTo(seconds, 9));

  it.each(['', 'soon', '10', '5 minutes', '-5m', 'h'])('"%s" is not a duration', (text) => expect(parseDuration(text)).toBeUndefined());
});
