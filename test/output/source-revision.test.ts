// The source revision read with one git process agrees with what git's own plumbing commands report for this checkout.

import { execFileSync } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { sourceRevision } from '../../src/output/source-revision.js';
import { ROOT } from '../support/cli.js';

const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();

describe('sourceRevision', () => {
  it('gives the checkout\'s HEAD commit and whether tracked files under src/ have changed', () => {
    const revision = sourceRevision();
    expect(revision.gitCommit).toBe(git('rev-parse', 'HEAD'));
    expect(revision.gitDirty).toBe(git('status', '--porcelain', '--untracked-files=no', '--', 'src') !== '');
    expect(revision.distHash).toBeUndefined();
  });

  it('gives the same from the git process started ahead (capsim run starts it before simulating)', async () => {
    vi.resetModules();
    const fresh = await import('../../src/output/source-revision.js');
    fresh.startSourceRevision();
    const revision = await fresh.awaitSourceRevision();
    expect(revision.gitCommit).toBe(git('rev-parse', 'HEAD'));
    expect(revision.gitDirty).toBe(git('status', '--porcelain', '--untracked-files=no', '--', 'src') !== '');
    expect(revision.distHash).toBeUndefined();
    expect(fresh.sourceRevision()).toBe(revision);
  });
});
