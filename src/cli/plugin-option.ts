// `--plugin FILE` (repeatable) on run, sweep and validate: loads the plug-ins before any scenario is read, so the
// names they register validate. Only the command line loads code; a scenario file cannot name a file to load.

import type { Argv } from 'yargs';
import { loadPlugins, type LoadedPlugin } from '../plugin/load-plugins.js';

export function withPluginOption<T>(y: Argv<T>): Argv<T> {
  return y.option('plugin', { type: 'string', array: true, nargs: 1,
    describe: 'load an ES module that registers filters, weighers, recovery policies or DRS rules a scenario can name ' +
      '(repeatable; docs/plugins.md)' }) as unknown as Argv<T>;
}

export async function loadPluginArgs(plugin: string[] | undefined): Promise<LoadedPlugin[]> {
  return loadPlugins(plugin ?? []);
}

/** manifest.json's `plugins`: each file as given and the sha256 of its bytes, to re-run with the same code. */
export function pluginManifest(plugins: readonly LoadedPlugin[]): { plugins?: { path: string; sha256: string }[] } {
  return plugins.length > 0 ? { plugins: plugins.map((p) => ({ path: p.path, sha256: p.sha256 })) } : {};
}
