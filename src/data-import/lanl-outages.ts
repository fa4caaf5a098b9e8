// One LANL system's failure records inside a time window, as outages per node: each record starts at its
// `Prob Started` minute and lasts its `Down Time` (not Fixed − Started: the wall-clock times jump at daylight-saving
// changes); overlapping or touching outages of one node merge into one.

import type { LanlRecord, RootCause } from './lanl-records.js';

/** Records have minute resolution: one of 0 minutes lasted under a minute and is given half of one. */
export const ZERO_DOWN_TIME_S = 30;

export interface Window {
  /** Minutes on the records' clock; `toMin` may be Infinity. */
  fromMin: number;
  toMin: number;
}

export interface Outage {
  node: number;
  /** Seconds from the window's start. */
  startS: number;
  durationS: number;
}

export interface SystemOutages {
  /** Records that overlap the window. */
  records: LanlRecord[];
  /** Merged outages, clipped to the window, ordered by start then node. */
  outages: Outage[];
  nodes: number;
  downTimeS: number;
  causes: Map<RootCause, number>;
}

export function recordSpanS(record: LanlRecord): { startS: number; endS: number } {
  const startS = record.startMin * 60;
  return { startS, endS: startS + (record.downMin > 0 ? record.downMin * 60 : ZERO_DOWN_TIME_S) };
}

export function systemOutages(records: readonly LanlRecord[], window: Window): SystemOutages {
  const fromS = window.fromMin * 60;
  const toS = window.toMin * 60;
  const kept = records.filter((r) => {
    const { startS, endS } = recordSpanS(r);
    return startS < toS && endS > fromS;
  });
  const byNode = new Map<number, { startS: number; endS: number }[]>();
  for (const r of kept) {
    const { startS, endS } = recordSpanS(r);
    const list = byNode.get(r.node) ?? [];
    list.push({ startS: Math.max(startS, fromS) - fromS, endS: Math.min(endS, toS) - fromS });
    byNode.set(r.node, list);
  }
  const outages: Outage[] = [];
  for (const [node, spans] of byNode) {
    spans.sort((a, b) => a.startS - b.startS);
    let current = { ...spans[0] };
    for (const span of spans.slice(1)) {
      if (span.startS <= current.endS) current.endS = Math.max(current.endS, span.endS);
      else {
        outages.push({ node, startS: current.startS, durationS: current.endS - current.startS });
        current = { ...span };
      }
    }
    outages.push({ node, startS: current.startS, durationS: current.endS - current.startS });
  }
  outages.sort((a, b) => a.startS - b.startS || a.node - b.node);
  const causes = new Map<RootCause, number>();
  for (const r of kept) causes.set(r.cause, (causes.get(r.cause) ?? 0) + 1);
  return {
    records: kept,
    outages,
    nodes: byNode.size,
    downTimeS: outages.reduce((s, o) => s + o.durationS, 0),
    causes,
  };
}
