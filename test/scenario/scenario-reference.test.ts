// The committed scenario reference is exactly what the schema renders, and every field carries a .describe() text.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioReferenceMarkdown, undescribedFields } from '../../src/scenario/scenario-reference.js';

describe('docs/scenario-reference.md', () => {
  it('is what `npm run docs` generates from the zod schema', () => {
    const committed = readFileSync(new URL('../../docs/scenario-reference.md', import.meta.url), 'utf8');
    expect(committed, 'docs/scenario-reference.md differs from the schema: run `npm run docs` and commit the result')
      .toBe(scenarioReferenceMarkdown());
  });

  it('describes every scenario field (a .describe() text on each)', () => {
    expect(undescribedFields()).toEqual([]);
  });
});
