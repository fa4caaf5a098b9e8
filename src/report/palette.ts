// Colour-blind-safe arm colours: the Okabe–Ito palette, reordered so the first arms get the most distinct hues on
// white paper (yellow, weak on white, comes late).

export const OKABE_ITO = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

/** One colour per arm, in arm order; cycles after eight arms. */
export function armColors(arms: readonly string[]): string[] {
  return arms.map((_, i) => OKABE_ITO[i % OKABE_ITO.length]);
}
