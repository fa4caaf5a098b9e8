// Bad user input (scenario files, --set values, traces): every problem with its location. Exit code 2.

export interface Problem {
  /** File the problem is in, or a pseudo-source such as "--set". */
  source: string;
  /** Field path like arms[1].recovery, or row:N for traces; empty for the whole file. */
  path: string;
  message: string;
}

export class InputError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'InputError';
    this.problems = problems;
  }
}

export function formatProblem(p: Problem): string {
  return p.path ? `${p.source}: ${p.path}: ${p.message}` : `${p.source}: ${p.message}`;
}

/** Formats a path of keys/indices as `a.b[2].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}
