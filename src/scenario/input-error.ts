// Bad user input (scenario files, --set values, traces): every problem with its location. Exit code 2.

export interface Problem {
  /** File the problem is in, or a pseudo-source such as "--set". */
  source: string;
  /** Field path like arms[1].recovery, or row:N for traces; empty for the whole file. */
  path: string;
  message: string;
}

/** A message lists at most this many problems (a trace with a million bad rows prints a screenful, not a million lines). */
export const MAX_PROBLEMS_SHOWN = 50;

export class InputError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    const shown = problems.slice(0, MAX_PROBLEMS_SHOWN).map(formatProblem);
    if (problems.length > MAX_PROBLEMS_SHOWN) shown.push(`… and ${problems.length - MAX_PROBLEMS_SHOWN} more problems`);
    super(shown.join('\n'));
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

/** Longest excerpt of an input that a message quotes: enough to recognise a value, too little to leak a file. */
export const EXCERPT_CHARS = 40;

/** `text` quoted for a message: control characters escaped, cut to EXCERPT_CHARS with "…". */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  const chars = [...text];
  const cut = chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
  // eslint-disable-next-line no-control-regex
  return JSON.stringify(cut).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** At most `max` items of a list for a message, then "and N more". */
export function firstFew(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max).map((i) => excerpt(i)).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}
