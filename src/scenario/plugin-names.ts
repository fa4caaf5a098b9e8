// Names that plug-ins loaded with `--plugin` registered in this process, by kind: the scenario schema accepts them
// besides the built-in names. Written only by the registries (kernel/registry.ts); a scenario file never loads code.

export const PLUGIN_NAMES = {
  filter: new Set<string>(),
  weigher: new Set<string>(),
  'recovery policy': new Set<string>(),
  'DRS rule': new Set<string>(),
};

export type PluginKind = keyof typeof PLUGIN_NAMES;
