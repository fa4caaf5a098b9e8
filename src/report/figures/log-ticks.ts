// Ticks for log axes labelled in plain numbers (1, 2, 5, 10 …) rather than SI prefixes.

/** 1-2-5 ticks between lo and hi (a log axis labelled in plain numbers rather than SI prefixes). */
export function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const t = Number((m * 10 ** e).toPrecision(1));
      if (t >= lo && t <= hi) ticks.push(t);
    }
  }
  return ticks;
}
