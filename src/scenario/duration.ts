// Durations in scenario files: a number of seconds, or a string with a unit (90s, 5m, 2h, 30d, 1.5h).

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };
const DURATION_PATTERN = /^\s*(\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*(ms|s|m|h|d|w)\s*$/i;

/** Seconds for a duration string, or undefined when the string is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION_PATTERN.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * UNIT_SECONDS[match[2].toLowerCase()];
}

export const DURATION_PATTERN_SOURCE = '^\\s*\\d+(\\.\\d+)?([eE][+-]?\\d+)?\\s*(ms|s|m|h|d|w)\\s*$';
