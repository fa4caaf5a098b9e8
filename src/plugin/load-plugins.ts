// Loads `--plugin` files: each is an ES module whose register(api) (a named export, the default export, or the
// default export's register method) adds filters, weighers, recovery policies and DRS rules to the registries. Only
// the command line, the library's loadPlugins and the worker threads call this; a scenario file never loads code.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FILTER_REGISTRY } from '../nova/filters/index.js';
import { WEIGHER_REGISTRY } from '../nova/weighers/index.js';
import { RECOVERY_POLICY_REGISTRY } from '../failures/recovery-policies.js';
import { DRS_RULE_REGISTRY } from '../vsphere/drs-rule.js';
import { InputError } from '../scenario/input-error.js';
import { CAPSIM_VERSION } from '../output/version.js';
import { collectingApi, type Registration } from './plugin-api.js';

/** A loaded plug-in, as manifest.json lists it. */
export interface LoadedPlugin {
  /** As given on the command line. */
  path: string;
  /** Absolute path: what worker threads load. */
  resolvedPath: string;
  /** sha256 of the file's bytes (hex). */
  sha256: string;
  /** Names it registered, by kind. */
  registered: { kind: string; name: string }[];
}

/** Plug-ins this process loaded, by absolute path: loading one again (each worker task asks) is a no-op. */
const loaded = new Map<string, LoadedPlugin>();

/** Loads each file once per process, in order; any problem is an InputError naming the file (exit 2). */
export async function loadPlugins(files: readonly string[]): Promise<LoadedPlugin[]> {
  const out: LoadedPlugin[] = [];
  for (const file of files) out.push(await loadPlugin(file));
  return out;
}

async function loadPlugin(file: string): Promise<LoadedPlugin> {
  const resolvedPath = resolve(file);
  const earlier = loaded.get(resolvedPath);
  if (earlier) return { ...earlier, path: file };
  const fail = (message: string): never => {
    throw new InputError([{ source: file, path: '', message }]);
  };
  let bytes: Buffer;
  try {
    bytes = readFileSync(resolvedPath);
  } catch (error) {
    return fail(`cannot read the plug-in: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  let module: Record<string, unknown>;
  try {
    module = await import(pathToFileURL(resolvedPath).href) as Record<string, unknown>;
  } catch (error) {
    return fail(`the plug-in failed to load: ${messageOf(error)}`);
  }
  const register = registerFunction(module);
  if (!register) return fail('expected an ES module exporting register(api), or a default export that is such a function or has one');
  const registrations: Registration[] = [];
  try {
    await register(collectingApi(registrations, CAPSIM_VERSION));
  } catch (error) {
    return fail(`register(api) failed: ${messageOf(error)}`);
  }
  if (registrations.length === 0) fail('register(api) registered nothing');
  const problems = checkNames(registrations, file);
  if (problems.length > 0) throw new InputError(problems);
  for (const r of registrations) add(r, file);
  const plugin: LoadedPlugin = { path: file, resolvedPath, sha256: createHash('sha256').update(bytes).digest('hex'),
    registered: registrations.map((r) => ({ kind: r.kind, name: r.name })) };
  loaded.set(resolvedPath, plugin);
  return plugin;
}

type Register = (api: ReturnType<typeof collectingApi>) => unknown;

function registerFunction(module: Record<string, unknown>): Register | undefined {
  if (typeof module.register === 'function') return module.register as Register;
  const fallback = module.default;
  if (typeof fallback === 'function') return fallback as Register;
  if (fallback !== null && typeof fallback === 'object' && typeof (fallback as { register?: unknown }).register === 'function') {
    const object = fallback as { register: Register };
    return (api) => object.register(api);
  }
  return undefined;
}

/** Every name is checked before any is added, so a plug-in with one bad name adds nothing. */
function checkNames(registrations: readonly Registration[], file: string) {
  const seen = new Set<string>();
  const problems: { source: string; path: string; message: string }[] = [];
  for (const r of registrations) {
    const registry = registryOf(r.kind);
    const key = `${r.kind}/${r.name}`;
    let message: string | undefined;
    if (typeof r.name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(r.name)) {
      message = `${r.kind} name ${JSON.stringify(r.name)}: expected letters, digits, ".", "_" or "-"`;
    } else if (registry.isBuiltIn(r.name)) {
      message = `${r.kind} "${r.name}" is a built-in name; a plug-in cannot replace it (choose another name)`;
    } else if (registry.has(r.name) || seen.has(key)) {
      message = `${r.kind} "${r.name}" is already registered${registry.has(r.name) ? ' by another plug-in' : ''}`;
    }
    if (message) problems.push({ source: file, path: '', message });
    seen.add(key);
  }
  return problems;
}

function add(r: Registration, file: string): void {
  if (r.kind === 'filter') FILTER_REGISTRY.register(r.name, r.value, file);
  else if (r.kind === 'weigher') WEIGHER_REGISTRY.register(r.name, r.value, file);
  else if (r.kind === 'DRS rule') DRS_RULE_REGISTRY.register(r.name, r.value, file);
  else RECOVERY_POLICY_REGISTRY.register(r.name, r.value, file);
}

function registryOf(kind: Registration['kind']) {
  if (kind === 'filter') return FILTER_REGISTRY;
  if (kind === 'weigher') return WEIGHER_REGISTRY;
  if (kind === 'DRS rule') return DRS_RULE_REGISTRY;
  return RECOVERY_POLICY_REGISTRY;
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0];
}

/** Every plug-in this process loaded, in load order (worker threads load the same). */
export function loadedPlugins(): LoadedPlugin[] {
  return [...loaded.values()];
}

/** Forgets every plug-in (tests that load plug-ins in-process). */
export function unloadPlugins(): void {
  loaded.clear();
  FILTER_REGISTRY.clearPlugins();
  WEIGHER_REGISTRY.clearPlugins();
  RECOVERY_POLICY_REGISTRY.clearPlugins();
  DRS_RULE_REGISTRY.clearPlugins();
}
