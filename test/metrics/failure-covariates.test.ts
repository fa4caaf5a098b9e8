// Failure covariates: re-drawn from the run's own streams they count what the simulation counts, and their stated
// expectations per stratum agree with the covariates of many replications; a small simulated scenario gets a narrower
// interval that agrees with the plain stratified one.

import { describe, expect, it } from 'vitest';
import { failureCovariates } from '../../src/metrics/failure-covariates.js';
import { controlVariateT } from '../../src/metrics/control-variate-estimate.js';
import { stratifiedT } from '../../src/metrics/stratified-estimate.js';
import { runReplication } from '../../src/experiment/run-replication.js';
import { stratumDesign } from '../../src/experiment/stratum-design.js';
import { replicationStratum } from '../../src/failures/group-outage-strata.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { scenarioFrom } from '../support/scenario.js';

const NO_OUTPUT = { vmLog: false, eventLog: false, timeseries: false };

const BASE = {
  name: 'cv', horizon: '20d', seed: 7, replications: 40, sampleInterval: '20d',
  fleet: [{ group: 'a', count: 3, cpus: 16, ramMiB: 32768, diskGiB: 500 }, { group: 'b', count: 2, cpus: 16, ramMiB: 32768, diskGiB: 500 }],
  workload: { arrivals: { poisson: { ratePerHour: 1 } }, lifetime: { exponential: { mean: '1d' } },
    flavors: [{ name: 'f', vcpus: 2, ramMiB: 4096, diskGiB: 20 }] },
  arms: [{ name: 'none' }, { name: 'evacuate', recovery: { novaEvacuate: { trigger: 'manual', storage: 'shared' } } }],
};

describe('failureCovariates', () => {
  it('counts the host failures the simulation counts, isolations excluded', () => {
    for (const isolationShare of [0, 0.3]) {
      const loaded = scenarioFrom({ ...BASE,
        failures: { preset: 'lanl05', isolationShare, hostFailure: { weibull: { shape: 0.7, scale: '10d' } } } });
      // The schema asks for stratify beside controlVariates; the covariates themselves need no strata.
      const cv = failureCovariates({ ...loaded.scenario, controlVariates: ['hostFailures'] } as Scenario)!;
      expect(cv.names).toEqual(['cv_host_failures_a', 'cv_host_repair_excess_h_a', 'cv_host_failures_b', 'cv_host_repair_excess_h_b']);
      let failures = 0;
      for (let r = 0; r < 8; r++) {
        const v = cv.valuesOf(r);
        const summary = runReplication(loaded, 0, r, NO_OUTPUT).summary;
        // A host's own renewal process never overlaps itself: every real failure is a failHost.
        expect(v[0] + v[2]).toBe(summary.host_failures);
        failures += summary.host_failures;
      }
      expect(failures).toBeGreaterThan(0);
    }
  });

  it('counts the group outages of the replication\'s stratum', () => {
    const loaded = scenarioFrom({ ...BASE,
      failures: { groups: [{ group: 'b', failure: { exponential: { mean: '15d' } }, repair: { uniform: { min: '1h', max: '3h' } } }] },
      stratify: { groupOutages: { allocation: [1, 1, 1] } }, controlVariates: ['groupOutages'] });
    const cv = failureCovariates(loaded.scenario)!;
    for (let r = 0; r < 9; r++) {
      const summary = runReplication(loaded, 0, r, NO_OUTPUT).summary;
      expect(cv.valuesOf(r)[0]).toBe(summary.group_outages);
      expect(Math.min(summary.group_outages, 2)).toBe(replicationStratum([1, 1, 1], r));
    }
  });

  it('states expectations per stratum that the covariates of many replications agree with', () => {
    const loaded = scenarioFrom({ ...BASE, horizon: '30d',
      failures: { preset: 'lanl05',
        groups: [{ group: 'b', failure: { exponential: { mean: '40d' } }, repair: { uniform: { min: '1h', max: '6h' } } }] },
      stratify: { groupOutages: { allocation: [1, 1, 1] } }, controlVariates: ['hostFailures', 'groupOutages'] });
    const cv = failureCovariates(loaded.scenario)!;
    // Two strata make the outage repair excess exact (0); three leave it to the Monte Carlo.
    expect(cv.methods).toEqual(['monte-carlo', 'exact', 'monte-carlo', 'exact', 'monte-carlo', 'monte-carlo']);
    const n = 1800;
    const rows = Array.from({ length: n }, (_, r) => ({ k: replicationStratum([1, 1, 1], r), x: cv.valuesOf(r) }));
    for (let k = 0; k < 3; k++) {
      const inStratum = rows.filter((row) => row.k === k);
      cv.names.forEach((name, j) => {
        const values = inStratum.map((row) => row.x[j]);
        const m = values.reduce((s, v) => s + v, 0) / values.length;
        const sd = Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
        if (sd === 0) {
          expect(m, `${name} in stratum ${k}`).toBeCloseTo(cv.means[k][j], 9);
          return;
        }
        // Four standard errors of the replications' mean and the stated mean's own (Monte Carlo) error.
        const se = Math.sqrt(sd ** 2 / values.length + cv.standardErrors[k][j] ** 2);
        expect(Math.abs(m - cv.means[k][j]), `${name} in stratum ${k}`).toBeLessThanOrEqual(4 * se);
      });
    }
  });
});

describe('a small simulated scenario with controlVariates', () => {
  it('narrows the downtime intervals, and agrees with the plain stratified estimate', () => {
    const loaded = scenarioFrom({ ...BASE, replications: 40,
      failures: { preset: 'lanl05', hostFailure: { weibull: { shape: 0.7, scale: '8d' } },
        groups: [{ group: 'b', failure: { exponential: { mean: '30d' } }, repair: { uniform: { min: '2h', max: '12h' } } }] },
      stratify: { groupOutages: { allocation: [1, 1] } }, controlVariates: ['hostFailures', 'groupOutages'] });
    const design = stratumDesign(loaded.scenario)!;
    const cv = design.controlVariates!;
    const runs = [0, 1].map((arm) => Array.from({ length: 40 }, (_, r) => runReplication(loaded, arm, r, NO_OUTPUT)));
    const strata = runs[0].map((r) => r.stratum!);
    const covariates = runs[0].map((r) => cv.valuesOf(r.replication));
    const series = {
      'downtime of none': runs[0].map((r) => r.summary.vm_downtime_h),
      'downtime of evacuate − none': runs[1].map((r, i) => r.summary.vm_downtime_h - runs[0][i].summary.vm_downtime_h),
    };
    for (const [label, values] of Object.entries(series)) {
      const plain = stratifiedT(values, strata, design);
      const regression = controlVariateT(values, strata, covariates, design, cv);
      expect(regression.high - regression.low, label).toBeLessThan(plain.high - plain.low);
      expect(Math.abs(regression.mean - plain.mean), label).toBeLessThanOrEqual(3 * Math.sqrt(plain.variance + regression.variance));
    }
  });
});
