// Locale-free number formatting for tables and descriptions, so the page's bytes depend only on the data.

/** Three significant digits (integers up to 10^digits shown whole); an em dash for missing values. */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 10 ** digits) return String(Math.round(value));
  if (abs < 1e-3) return value.toExponential(digits - 1);
  const text = String(Number(value.toPrecision(digits)));
  return text === '-0' ? '0' : text;
}

/** "mean [low, high]" */
export function formatCi(mean: number | null, low: number | null, high: number | null, digits = 3): string {
  if (mean === null) return '—';
  if (low === null || high === null) return formatNumber(mean, digits);
  return `${formatNumber(mean, digits)} [${formatNumber(low, digits)}, ${formatNumber(high, digits)}]`;
}
