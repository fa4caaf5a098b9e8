// MSER-5 (White, Cobb & Spratt, "A comparison of five steady-state truncation heuristics", Proc. Winter Simulation
// Conference 2000): batch a series into means of 5 observations and drop the first d batches that minimise the
// squared standard error of what is left, Σ(Y_i − Ȳ)²/(k − d)², over d ≤ k/2. A minimum at d = 0 says no warm-up is
// needed; one near k/2 says the run is too short to tell.

export const MSER_BATCH = 5;

/** Observations to drop from the start of `series` (a multiple of the batch size). */
export function mserTruncation(series: ArrayLike<number>, batch = MSER_BATCH): number {
  const k = Math.floor(series.length / batch);
  if (k < 2) return 0;
  const means = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let sum = 0;
    for (let j = 0; j < batch; j++) sum += series[i * batch + j];
    means[i] = sum / batch;
  }
  // Suffix sums give each candidate's mean and sum of squares in one pass.
  let sum = 0, squares = 0, best = Infinity, bestD = 0;
  const stats = new Float64Array(k);
  for (let d = k - 1; d >= 0; d--) {
    sum += means[d];
    squares += means[d] * means[d];
    const m = k - d;
    stats[d] = (squares - (sum * sum) / m) / (m * m);
  }
  for (let d = 0; d <= Math.floor(k / 2); d++) {
    if (stats[d] < best) {
      best = stats[d];
      bestD = d;
    }
  }
  return bestD * batch;
}
