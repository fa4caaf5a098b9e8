// What a plug-in's register(api) receives: functions that add its filters, weighers, recovery policies and DRS rules to the
// registries under names a scenario can then use. Each checks the shape of what it is given, so a plug-in's mistake
// is reported at load time, with its file, not in the middle of a run.

import type { HostFilter } from '../nova/filters/host-filter.js';
import type { HostWeigher } from '../nova/weighers/host-weigher.js';
import type { RecoveryPolicyFactory } from '../kernel/recovery-policy.js';
import type { DrsRule } from '../vsphere/drs-rule.js';
import { RegistrationError } from '../kernel/registry.js';

/** The object passed to a plug-in's `register(api)`. */
export interface PluginApi {
  /** A scheduler filter, listed by `name` in an arm's `nova.filters`. */
  registerFilter(name: string, filter: Pick<HostFilter, 'passes'>): void;
  /** A weigher, listed by `name` in an arm's `nova.weighers` with its multiplier, e.g. `{ <name>: 1.0 }`. */
  registerWeigher(name: string, weigher: Pick<HostWeigher, 'raw' | 'minval' | 'multiplierSign'>): void;
  /** A recovery policy, selected by an arm's `recovery: { policy: <name>, options: {...} }`. */
  registerRecoveryPolicy(name: string, factory: RecoveryPolicyFactory): void;
  /** A DRS rule, listed by `name` in a vCenter arm's `drs.rules`: DRS moves a VM only where every listed rule allows. */
  registerDrsRule(name: string, rule: DrsRule): void;
  /** The capsim version loading the plug-in. */
  readonly capsimVersion: string;
}

/** One registration, checked but not yet added (a plug-in that fails half-way adds nothing). */
export type Registration =
  | { kind: 'filter'; name: string; value: HostFilter }
  | { kind: 'weigher'; name: string; value: HostWeigher }
  | { kind: 'recovery policy'; name: string; value: RecoveryPolicyFactory }
  | { kind: 'DRS rule'; name: string; value: DrsRule };

/** An api that collects a plug-in's registrations into `out`. */
export function collectingApi(out: Registration[], capsimVersion: string): PluginApi {
  return {
    capsimVersion,
    registerFilter(name, filter) {
      const passes = method(filter, 'passes', `filter "${name}"`);
      out.push({ kind: 'filter', name, value: { name, passes: (node, request, context) => Boolean(passes.call(filter, node, request, context)) } });
    },
    registerWeigher(name, weigher) {
      const raw = method(weigher, 'raw', `weigher "${name}"`);
      const { minval, multiplierSign } = weigher;
      if (minval !== undefined && !Number.isFinite(minval)) {
        throw new RegistrationError(`weigher "${name}": minval must be a finite number or undefined`);
      }
      if (multiplierSign !== undefined && multiplierSign !== 1 && multiplierSign !== -1) {
        throw new RegistrationError(`weigher "${name}": multiplierSign must be 1, -1 or undefined`);
      }
      out.push({ kind: 'weigher', name, value: { name, minval, multiplierSign, raw: (node, config) => Number(raw.call(weigher, node, config)) } });
    },
    registerRecoveryPolicy(name, factory) {
      if (typeof factory !== 'function') {
        throw new RegistrationError(`recovery policy "${name}": expected a function (context, options) => policy`);
      }
      out.push({ kind: 'recovery policy', name, value: factory });
    },
    registerDrsRule(name, rule) {
      const allowsMove = method(rule, 'allowsMove', `DRS rule "${name}"`);
      out.push({ kind: 'DRS rule', name, value: { allowsMove: (vm, from, to) => Boolean(allowsMove.call(rule, vm, from, to)) } });
    },
  };
}

function method(target: unknown, key: string, what: string): (...args: unknown[]) => unknown {
  const value = target !== null && typeof target === 'object' ? (target as Record<string, unknown>)[key] : undefined;
  if (typeof value !== 'function') throw new RegistrationError(`${what}: expected an object with a ${key}() method`);
  return value as (...args: unknown[]) => unknown;
}
