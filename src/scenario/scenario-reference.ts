// Renders docs/scenario-reference.md from the zod schema (field paths, types, bounds, defaults and .describe() texts),
// so the reference cannot drift from what `capsim validate` accepts. Run `npm run docs` after changing the schema.

import { z } from 'zod';
import { DISTRIBUTION_HELP, distribution, duration } from './primitives.js';
import { scenarioSchema } from './schema.js';

type Schema = z.ZodType;
interface Def {
  type: string;
  innerType?: Schema;
  defaultValue?: unknown;
  in?: Schema;
  options?: Schema[];
  shape?: Record<string, Schema>;
  element?: Schema;
  keyType?: Schema;
  valueType?: Schema;
  entries?: Record<string, string | number>;
  values?: unknown[];
}

interface Field {
  name: string;
  type: string;
  required: boolean;
  defaultText: string;
  description: string;
}

interface Section {
  path: string;
  description: string;
  fields: Field[];
}

const DURATION_HELP = duration.description ?? '';
const GENERIC_TEXTS = new Set([DURATION_HELP, DISTRIBUTION_HELP]);

const def = (s: Schema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** True when `s` is `named` or was derived from it by .describe() / .refine() (zod keeps the parent). */
function derivesFrom(s: Schema, named: Schema): boolean {
  for (let p: Schema | undefined = s; p; p = (p as unknown as { _zod: { parent?: Schema } })._zod.parent) {
    if (p === named) return true;
  }
  return false;
}

const isDuration = (s: Schema): boolean => derivesFrom(s, duration);
const isDistribution = (s: Schema): boolean => derivesFrom(s, distribution);

interface Unwrapped {
  schema: Schema;
  optional: boolean;
  defaultValue?: unknown;
  hasDefault: boolean;
  description: string;
}

/** Peels optional / default / input-side pipes, keeping the outermost field-specific description. */
function unwrap(s: Schema): Unwrapped {
  let description = '';
  let optional = false;
  let hasDefault = false;
  let defaultValue: unknown;
  let cur = s;
  for (;;) {
    const text = cur.description ?? '';
    if (!description && !GENERIC_TEXTS.has(text)) description = text;
    if (isDuration(cur) || isDistribution(cur)) break;
    const d = def(cur);
    if (d.type === 'optional') { optional = true; cur = d.innerType as Schema; continue; }
    if (d.type === 'default') { hasDefault = true; defaultValue = d.defaultValue; cur = d.innerType as Schema; continue; }
    if (d.type === 'pipe') { cur = d.in as Schema; continue; }
    break;
  }
  return { schema: cur, optional, hasDefault, defaultValue, description };
}

/** A number's bounds as JSON Schema states them (the public way to read zod's checks). */
function numberType(s: Schema): string {
  const j = z.toJSONSchema(s, { unrepresentable: 'any' }) as Record<string, number | string>;
  const base = j.type === 'integer' ? 'integer' : 'number';
  const max = j.maximum !== undefined && j.maximum !== Number.MAX_SAFE_INTEGER ? j.maximum : undefined;
  if (j.minimum !== undefined && max !== undefined) return `${base} ${j.minimum}–${max}`;
  if (j.exclusiveMinimum !== undefined) return `${base} > ${j.exclusiveMinimum}`;
  if (j.minimum !== undefined) return `${base} ≥ ${j.minimum}`;
  return base;
}

const code = (text: string): string => `\`${text}\``;

/** Single-key objects ({ vcenter: {...} }, { novaEvacuate: {...} }) read as one level of the path. */
function singleKey(s: Schema): [string, Schema] | undefined {
  const d = def(s);
  if (d.type !== 'object' || !d.shape) return undefined;
  const keys = Object.keys(d.shape);
  return keys.length === 1 ? [keys[0], d.shape[keys[0]]] : undefined;
}

class ReferenceBuilder {
  readonly sections: Section[] = [];
  /** Objects already given a section (a flavor, a vcenter block), so a shared schema is listed once. */
  private readonly sectioned = new Map<Schema, string>();

  /** The type text of a field; object types get their own section under `path`. */
  typeOf(s: Schema, path: string): string {
    if (isDuration(s)) return 'duration';
    if (isDistribution(s)) return 'distribution';
    const u = unwrap(s);
    if (u.schema !== s) return this.typeOf(u.schema, path);
    const d = def(s);
    switch (d.type) {
      case 'number': return numberType(s);
      case 'string': return 'string';
      case 'boolean': return 'boolean';
      case 'unknown': case 'any': return 'any value';
      case 'enum': return Object.values(d.entries ?? {}).map((v) => code(String(v))).join(' | ');
      case 'literal': return (d.values ?? []).map((v) => code(JSON.stringify(v))).join(' | ');
      case 'array': {
        const j = z.toJSONSchema(s, { unrepresentable: 'any' }) as { minItems?: number };
        const min = j.minItems ? `, at least ${j.minItems}` : '';
        return `list of ${this.typeOf(d.element as Schema, `${path}[]`)}${min}`;
      }
      case 'record':
        return `map of ${this.typeOf(d.keyType as Schema, path)} → ${this.typeOf(d.valueType as Schema, `${path}.<key>`)}`;
      case 'union': {
        const objects = (d.options ?? []).filter((o) => def(unwrap(o).schema).type === 'object').length;
        return (d.options ?? []).map((o) => {
          const single = singleKey(unwrap(o).schema);
          if (single) {
            const [key, value] = single;
            const inner = this.typeOf(value, `${path}.${key}`);
            return `{ ${key}: ${inner} }`;
          }
          const firstKey = Object.keys(def(unwrap(o).schema).shape ?? {})[0];
          return this.typeOf(o, objects > 1 && firstKey ? `${path} (with ${firstKey})` : path);
        }).join(' or ');
      }
      case 'object': {
        const known = this.sectioned.get(s);
        if (known === undefined) this.addSection(s, path);
        return `object (see ${code(known ?? path)})`;
      }
      default:
        return d.type;
    }
  }

  addSection(s: Schema, path: string): void {
    this.sectioned.set(s, path);
    const section: Section = { path, description: s.description ?? '', fields: [] };
    this.sections.push(section);
    for (const [name, field] of Object.entries(def(s).shape ?? {})) {
      const u = unwrap(field);
      section.fields.push({
        name,
        type: this.typeOf(field, path ? `${path}.${name}` : name),
        required: !u.optional && !u.hasDefault,
        defaultText: u.hasDefault ? formatDefault(u.defaultValue, isDuration(u.schema)) : '',
        description: u.description,
      });
    }
  }
}

function formatDefault(value: unknown, seconds: boolean): string {
  if (seconds && typeof value === 'number') return `${value} s`;
  if (value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 3) return 'all defaults';
  return code(typeof value === 'string' ? value : JSON.stringify(value));
}

const sentence = (text: string): string => `${text[0].toUpperCase()}${text.slice(1)}${/[.)]$/.test(text) ? '' : '.'}`;

/** Table cells: pipes escaped, and `<name>` kept visible (GitHub would read it as an HTML tag). */
const escapeCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\n/g, ' ');

/** Every field of the scenario format, one section per object. */
export function scenarioSections(): Section[] {
  const builder = new ReferenceBuilder();
  builder.addSection(scenarioSchema as unknown as Schema, '');
  return builder.sections;
}

/** Field paths without a .describe() text (the reference test requires none). */
export function undescribedFields(): string[] {
  return scenarioSections().flatMap((s) => s.fields.filter((f) => !f.description).map((f) => (s.path ? `${s.path}.${f.name}` : f.name)));
}

export function scenarioReferenceMarkdown(): string {
  const lines = [
    '# Scenario reference',
    '',
    '<!-- Generated from the zod schema (src/scenario/schema.ts and the schemas it imports) by `npm run docs`;',
    '     do not edit by hand: change the .describe() texts and regenerate. -->',
    '',
    'Every field a scenario file (YAML or JSON) may hold, with its type, default and meaning. `capsim validate` checks',
    'a file against exactly this; `capsim schema` prints the same as JSON Schema for editors. Paths are written as',
    'for `--set` and `--vary`: dots between fields, `[]` for list elements. A field with no default and not marked',
    'optional is required.',
    '',
    '## Types',
    '',
    `* **duration**: ${DURATION_HELP.replace(/^a duration: /, '')}; also \`250ms\`, \`1w\`, decimals allowed. Always seconds once read.`,
    `* **distribution** (of durations): ${DISTRIBUTION_HELP.replace(/^a distribution: /, '')}. \`lognormal\`: median = e^μ, sigma = σ of the log;` +
      ' `empirical`: a uniform pick among the values.',
    '',
  ];
  for (const section of scenarioSections()) {
    lines.push(`## ${section.path ? code(section.path) : 'Top level'}`, '');
    if (section.description) lines.push(escapeCell(sentence(section.description)), '');
    lines.push('| field | type | default | meaning |', '|---|---|---|---|');
    for (const f of section.fields) {
      const dflt = f.defaultText || (f.required ? 'required' : 'optional');
      lines.push(`| ${code(f.name)} | ${escapeCell(f.type)} | ${escapeCell(dflt)} | ${escapeCell(f.description)} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
