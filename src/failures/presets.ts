// Host failure and repair distributions fitted to public failure data, in seconds: LANL 1996–2005 (Schroeder & Gibson,
// DSN 2006) as fitted by the Failure Trace Archive, and Azure (Lyu et al., OSDI 2023). docs/model.md has the details.

import type { DistributionSpec } from '../engine/distributions.js';

export interface FailurePreset {
  hostFailure: DistributionSpec;
  repair: DistributionSpec;
  description: string;
}

const HOUR = 3600;

export const FAILURE_PRESETS: Record<string, FailurePreset> = {
  // Failure Trace Archive fits of LANL 1996–2005 as used by OpenDC (hours).
  lanl05: {
    hostFailure: { weibull: { shape: 0.48, scale: 816.6 * HOUR } },
    repair: { weibull: { shape: 0.58, scale: 2.18 * HOUR } },
    description: 'LANL05 Weibull fits (gap shape 0.48 scale 816.60 h; repair shape 0.58 scale 2.18 h)',
  },
  'lanl05-exponential': {
    hostFailure: { exponential: { mean: 1779.99 * HOUR } },
    repair: { exponential: { mean: 5.92 * HOUR } },
    description: 'LANL05 exponential fits (gap mean 1779.99 h; repair mean 5.92 h)',
  },
  'lanl05-lognormal': {
    // lognormal(μ, σ) of hours has median e^μ hours.
    hostFailure: { lognormal: { median: Math.exp(5.56) * HOUR, sigma: 2.39 } },
    repair: { lognormal: { median: Math.exp(0.05) * HOUR, sigma: 1.42 } },
    description: 'LANL05 lognormal fits (gap μ 5.56 σ 2.39; repair μ 0.05 σ 1.42, of hours)',
  },
  // Azure, Lyu et al. OSDI'23: ~2.7 %/yr server failures (rest-of-server 2.4 + DRAM 0.1 + SSD 0.2), exponential;
  // repair: LANL's median 59 min and mean 352 min as a lognormal (σ = √(2 ln(352/59)) ≈ 1.89).
  azure23: {
    hostFailure: { exponential: { mean: (365.25 * 24 * HOUR) / 0.027 } },
    repair: { lognormal: { median: 59 * 60, sigma: Math.sqrt(2 * Math.log(352 / 59)) } },
    description: 'Azure OSDI\'23 2.7 %/yr exponential; LANL repair lognormal (median 59 min, mean 352 min)',
  },
};
