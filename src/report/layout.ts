// Page geometry shared by every chart: widths that fill the 1,400 px page's content column, and a type size that
// stays legible (≥ 11 px) when the SVG is shown at its own width.

/** Width of a chart that has its figure to itself (the content column minus the figure's padding). */
export const FULL_WIDTH_PX = 1240;
/** Width of each of two charts side by side (means and paired differences). */
export const HALF_WIDTH_PX = 610;
/** Font size of tick labels, axis labels and facet labels inside charts. */
export const CHART_FONT_PX = 12;
/** Average advance of one character at CHART_FONT_PX in DejaVu Sans, for margins sized to their labels. */
export const CHAR_PX = 7.4;

/** Small multiples: one panel per arm (or sweep value), up to five in a row. */
export function panelGrid(arms: number): { columns: number; rows: number } {
  const columns = arms <= 5 ? arms : Math.min(4, Math.ceil(arms / 2));
  return { columns, rows: Math.ceil(arms / columns) };
}
