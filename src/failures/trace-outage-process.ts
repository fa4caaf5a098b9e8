// Outages from a failure trace (failure-trace.ts): rows fire in time order, one pending at a time.

import { PRIORITY } from '../kernel/priority.js';
import type { RunContext } from '../kernel/run-context.js';
import type { FailureTrace } from './failure-trace.js';
import type { Outages } from './outages.js';

export function installTraceOutages(context: RunContext, outages: Outages, trace: FailureTrace): void {
  const { sim } = context;
  const rows = trace.rows;
  if (rows.length === 0) return;
  const traceRepairKind = sim.defineEvent('trace-repair', PRIORITY.repair, (r) => {
    for (const id of rows[r].hosts) outages.ends(id);
  });
  const traceFailureKind = sim.defineEvent('trace-failure', PRIORITY.failure, (r) => {
    for (const id of rows[r].hosts) outages.starts(id);
    outages.at(sim.now + rows[r].duration, traceRepairKind, r);
    if (r + 1 < rows.length) outages.at(rows[r + 1].time, traceFailureKind, r + 1);
  });
  outages.at(rows[0].time, traceFailureKind, 0);
}
