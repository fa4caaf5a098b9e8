// VM downtime counts every VM (the equilibrium start's too) within the measurement window [warm-up, horizon], so it is
// the time integral of the timeseries' down_vms: exactly the sum of the VMs' own downtime when the window is the
// whole run, and the sampled integral within one sample interval per outage otherwise.

import { describe, expect, it } from 'vitest';
import { runReplication } from '../../src/experiment/run-replication.js';
import { RunMetrics } from '../../src/metrics/run-metrics.js';
import { scenarioFrom } from '../support/scenario.js';

const SAMPLE_S = 300;

function failingRun(warmup: string, arm: Record<string, unknown> = { name: 'none', recovery: 'none' }) {
  const loaded = scenarioFrom({
    name: 'downtime', horizon: '4d', warmup, seed: 7, replications: 1, sampleInterval: `${SAMPLE_S}s`,
    fleet: [{ group: 'g', count: 6, cpus: 32, ramMiB: 64 * 1024, diskGiB: 1000 }],
    workload: { arrivals: { poisson: { ratePerHour: 6 } }, lifetime: { exponential: { mean: '12h' } },
      flavors: [{ name: 'f', vcpus: 2, ramMiB: 4096, diskGiB: 20 }] },
    failures: { hostFailure: { exponential: { mean: '2d' } }, repair: { uniform: { min: '2h', max: '10h' } } },
    arms: [arm],
  });
  return runReplication(loaded, 0, 0, { vmLog: true, eventLog: true, timeseries: true });
}

/** VMs that went down with a failed host (every VM, counted or not): the outages that could cross the window. */
function outages(events: (string | number)[][]): number {
  return events.filter((e) => e[3] === 'host_failed').reduce((n, e) => n + Number(/vms_down=(\d+)/.exec(String(e[6]))![1]), 0);
}

describe('vm_downtime_h over the measurement window', () => {
  it('equals the sum of every VM\'s downtime when the window is the whole run (warm-up 0)', () => {
    const result = failingRun('0s');
    const s = result.summary;
    expect(s.host_failures).toBeGreaterThan(0);
    expect(s.vm_downtime_h).toBeGreaterThan(0);
    // vms.csv has one row per VM, the equilibrium start's (negative arrival, not counted) included; downtime_s is
    // rounded to 6 decimals.
    const perVm = result.vms.reduce((sum, row) => sum + (row[9] as number), 0);
    expect(result.vms.some((row) => (row[4] as number) < 0 && (row[9] as number) > 0)).toBe(true);
    expect(Math.abs(perVm - s.vm_downtime_h * 3600)).toBeLessThanOrEqual(result.vms.length * 1e-6);
  });

  it.each(['0s', '1d'])('is the integral of down_vms over [warm-up, horizon] to one sample interval per outage (warm-up %s)', (warmup) => {
    for (const arm of [{ name: 'none', recovery: 'none' },
      { name: 'manual', recovery: { novaEvacuate: { trigger: 'manual', storage: 'shared', operatorDelay: { constant: '3h' } } } }]) {
      const result = failingRun(warmup, arm);
      const sampled = result.timeseries.reduce((sum, row) => sum + (row[4] as number) * SAMPLE_S, 0);
      const n = outages(result.events);
      expect(n).toBeGreaterThan(0);
      // Each outage [a, b] ∩ window holds (b − a)/Δ ± 1 sample points.
      expect(Math.abs(sampled - result.summary.vm_downtime_h * 3600)).toBeLessThanOrEqual(n * SAMPLE_S);
    }
  });

  it('clips each outage and lifetime to the window, counted VMs or not', () => {
    const m = new RunMetrics(1, 1000, 5000, 'a', 0, false);
    // An outage from 500 to 1500 (before warm-up to inside), one from 4000 to the horizon, one departing down at 4500
    // after going down at 4200.
    m.vmDown(false, 500);
    m.vmRecovered(false, 1000, false, true, 1500);
    m.vmDown(true, 4000);
    m.vmAtHorizon(true, true, 1000, 4500, false);
    m.vmDown(true, 4200);
    m.vmDeparted(true, true, 300, 4000, false, 4500);
    const s = m.summary();
    expect(s.vm_downtime_h * 3600).toBe(500 + 1000 + 300);
    expect(s.ha_gave_up_downtime_h * 3600).toBe(500);
    // Lifetimes: [500, 5000] and [500, 4500] clipped to [1000, 5000]; the first VM is still alive (no horizon call).
    expect(m.lifetimeS).toBe(4000 + 3500);
  });
});

describe('outage counts over the measurement window', () => {
  /** host_failed events at or after `fromS` and the VMs each took down. */
  const outagesFrom = (events: (string | number)[][], fromS: number) => events
    .filter((e) => e[3] === 'host_failed' && (e[0] as number) >= fromS)
    .reduce((n, e) => n + Number(/vms_down=(\d+)/.exec(String(e[6]))![1]), 0);

  it.each([['0s', 0], ['1d', 86400]])('vms_affected counts every VM whose outage starts in the window, equilibrium-start VMs included (warm-up %s)',
    (warmup, fromS) => {
      const result = failingRun(warmup as string);
      const s = result.summary;
      expect(s.vms_affected).toBe(outagesFrom(result.events, fromS as number));
      // Every such outage ends once: recovered (here: the host came back), with the VM departed, or at the horizon.
      expect(s.vms_affected).toBe(s.vms_recovered + s.vms_departed_down + s.vms_down_at_horizon);
      if (fromS === 0) {
        // The equilibrium start's VMs (negative arrival) fail too, and are counted now.
        const downEarly = result.vms.filter((row) => (row[4] as number) < 0 && (row[9] as number) > 0).length;
        expect(downEarly).toBeGreaterThan(0);
      }
    });

  it('counts a given-up outage and its recovery time by when the outage started, not when the VM arrived', () => {
    const m = new RunMetrics(1, 1000, 5000, 'a', 0, false);
    m.vmDown(false, 1200);
    m.vmGaveUp(false, 1200);
    m.vmRecovered(false, 600, true, true, 1800);
    m.vmDown(true, 800);
    m.vmGaveUp(true, 800);
    m.vmRecovered(true, 400, false, true, 1200);
    const s = m.summary();
    expect([s.vms_affected, s.vms_ha_gave_up, s.vms_recovered, s.vms_data_lost]).toEqual([1, 1, 1, 1]);
    expect(s.recovery_p50_s).toBe(600);
  });
});
