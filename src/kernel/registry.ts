// Things a scenario names (filters, weighers, recovery policies): the built-ins, plus what plug-ins loaded with
// `--plugin` register for this process. A plug-in never replaces a built-in or another plug-in's entry.

export class RegistrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistrationError';
  }
}

export class Registry<T> {
  private readonly plugins = new Map<string, { value: T; source: string }>();

  /** `mirror` receives every plug-in name (the scenario schema reads it; scenario/plugin-names.ts). */
  constructor(readonly kind: string, private readonly builtIns: Readonly<Record<string, T>>,
    private readonly mirror?: Set<string>) {}

  get(name: string): T | undefined {
    return Object.hasOwn(this.builtIns, name) ? this.builtIns[name] : this.plugins.get(name)?.value;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  isBuiltIn(name: string): boolean {
    return Object.hasOwn(this.builtIns, name);
  }

  /** Built-in names first, then plug-in names in registration order. */
  names(): string[] {
    return [...Object.keys(this.builtIns), ...this.plugins.keys()];
  }

  /** Adds a plug-in's entry; `source` (its file) names it in errors. */
  register(name: string, value: T, source: string): void {
    if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
      throw new RegistrationError(`${this.kind} name ${JSON.stringify(name)}: expected letters, digits, ".", "_" or "-"`);
    }
    if (this.isBuiltIn(name)) throw new RegistrationError(`${this.kind} "${name}" is a built-in name; choose another`);
    const earlier = this.plugins.get(name);
    if (earlier) throw new RegistrationError(`${this.kind} "${name}" is already registered by ${earlier.source}`);
    this.plugins.set(name, { value, source });
    this.mirror?.add(name);
  }

  /** Drops every plug-in entry (tests that load plug-ins in-process). */
  clearPlugins(): void {
    for (const name of this.plugins.keys()) this.mirror?.delete(name);
    this.plugins.clear();
  }
}

