// Reader-facing checks of README.md and docs/: relative links and their #anchors resolve, the README stays a short
// front door, and no page or source comment cites private notes or issue numbers that readers cannot follow.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PAGES = ['README.md', 'bench/README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6}\s+(.*)$/gm)].map((m) => slug(m[1])));
}

function brokenLinks(page: string): string[] {
  const file = join(ROOT, page);
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  const problems: string[] = [];
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(target)) continue;
    const [path, anchor] = target.split('#');
    const dest = path ? resolve(dirname(file), path) : file;
    if (!existsSync(dest)) { problems.push(`${page}: ${target}: no such file`); continue; }
    if (anchor && statSync(dest).isFile() && !anchors(dest).has(anchor)) {
      problems.push(`${page}: ${target}: no heading with anchor #${anchor} in ${relative(ROOT, dest)}`);
    }
  }
  return problems;
}

function filesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : /\.(ts|mjs|md)$/.test(e.name) ? [join(dir, e.name)] : []);
}

describe('documentation', () => {
  it.each(PAGES)('%s: every relative link and anchor resolves', (page) => {
    expect(brokenLinks(page)).toEqual([]);
  });

  it('README.md stays a front door of at most 200 lines (details belong in docs/)', () => {
    const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').trimEnd().split('\n').length;
    expect(lines).toBeLessThanOrEqual(200);
  });

  it('cites no private notes and no issue numbers (readers cannot follow them)', () => {
    const privateNote = new RegExp(['DOMAIN', 'DESIGN'].map((n) => `\\b${n}\\.md\\b`).join('|'));
    const issueNumber = new RegExp(`\\b${'iss'}ue\\s+#?\\d+`, 'i');
    const offenders = ['src', 'test', 'bench', 'docs'].flatMap(filesUnder).concat('README.md')
      .flatMap((f) => readFileSync(join(ROOT, f), 'utf8').split('\n')
        .map((line, i) => ({ f, line, i }))
        .filter(({ line }) => privateNote.test(line) || issueNumber.test(line))
        .map(({ f, line, i }) => `${f}:${i + 1}: ${line.trim()}`));
    expect(offenders).toEqual([]);
  });
});
