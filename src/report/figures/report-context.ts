// What every figure builder needs: the chart DOM, the arms in order with their colours, and the baseline arm.

export interface ReportContext {
  document: Document;
  arms: readonly string[];
  colors: readonly string[];
  baseline: string;
}

/** Legend entries for a subset of the arms, keeping each arm's colour. */
export function legendFor(ctx: ReportContext, arms: readonly string[]): { arms: readonly string[]; colors: readonly string[] } {
  return { arms, colors: arms.map((a) => ctx.colors[ctx.arms.indexOf(a)]) };
}
