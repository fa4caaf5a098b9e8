// Exact blocking probabilities for validation: Erlang-B by its recursion, and the Kaufman–Roberts recursion (J. S.
// Kaufman, IEEE Trans. Commun. 29(10), 1981; J. W. Roberts, 1981).

/** Erlang-B blocking for `servers` servers at offered load `load` Erlangs, by the stable recursion. */
export function erlangB(servers: number, load: number): number {
  let b = 1;
  for (let k = 1; k <= servers; k++) b = (load * b) / (k + load * b);
  return b;
}

/**
 * Kaufman–Roberts: one resource of `capacity` units shared by classes needing `sizes[k]` units at offered load
 * `loads[k]`. Returns each class's blocking probability.
 */
export function kaufmanRoberts(capacity: number, sizes: readonly number[], loads: readonly number[]): number[] {
  const q = new Float64Array(capacity + 1);
  q[0] = 1;
  for (let j = 1; j <= capacity; j++) {
    let sum = 0;
    for (let k = 0; k < sizes.length; k++) if (j - sizes[k] >= 0) sum += loads[k] * sizes[k] * q[j - sizes[k]];
    q[j] = sum / j;
  }
  const total = q.reduce((s, x) => s + x, 0);
  return sizes.map((b) => {
    let blocked = 0;
    for (let j = capacity - b + 1; j <= capacity; j++) blocked += q[j];
    return blocked / total;
  });
}
