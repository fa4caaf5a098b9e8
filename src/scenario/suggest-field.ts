// "Did you mean …?" for unknown fields: the allowed keys at the field's path, read from the zod schema, and the
// closest of them by edit distance (case and underscores ignored, so cpu_allocation_ratio finds cpuAllocationRatio).

import type { z } from 'zod';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  options?: z.ZodType[];
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The object schemas a value at `path` may be checked against (several under a union). */
function objectsAt(schema: z.ZodType, path: readonly PropertyKey[], depth = 0): Def[] {
  if (depth > 64) return [];
  const def = defOf(schema);
  const inner = (s: z.ZodType | undefined, p = path) => (s === undefined ? [] : objectsAt(s, p, depth + 1));
  switch (def.type) {
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly': case 'catch': case 'nonoptional':
      return inner(def.innerType);
    case 'pipe': return [...inner(def.in), ...inner(def.out)];
    case 'lazy': return def.getter ? inner(def.getter()) : [];
    case 'union': return (def.options ?? []).flatMap((o) => inner(o));
    case 'intersection': return [...inner(def.left), ...inner(def.right)];
  }
  if (path.length === 0) return def.type === 'object' ? [def] : [];
  const [head, ...rest] = path;
  if (def.type === 'object') return def.shape && typeof head === 'string' && head in def.shape ? inner(def.shape[head], rest) : [];
  if (def.type === 'array') return inner(def.element, rest);
  if (def.type === 'record') return inner(def.valueType, rest);
  return [];
}

/** Every key allowed in the object at `path`. */
export function allowedKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  return [...new Set(objectsAt(schema, path).flatMap((d) => Object.keys(d.shape ?? {})))];
}

export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

const normalise = (key: string) => key.toLowerCase().replaceAll('_', '').replaceAll('-', '');

/** The closest allowed key, when it is close enough to be a slip (at most a third of its letters differ). */
export function closestKey(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of allowed) {
    const d = editDistance(normalise(key), normalise(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

/** "unknown field (did you mean x?)", or the allowed keys when none is close and they are few. */
export function unknownFieldMessage(schema: z.ZodType | undefined, path: readonly PropertyKey[], key: string): string {
  if (schema === undefined) return 'unknown field';
  const allowed = allowedKeys(schema, path);
  const close = closestKey(key, allowed);
  if (close !== undefined) return `unknown field (did you mean ${close}?)`;
  return allowed.length > 0 && allowed.length <= 12 ? `unknown field (expected one of: ${allowed.join(', ')})` : 'unknown field';
}
