/** numpy's default `quantile` (method "linear"): interpolates between the order statistics around (n − 1)·q. */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const fraction = position - below;
  const low = sorted[below]!;
  if (fraction === 0 || below + 1 >= sorted.length) return low;
  return interpolate(low, sorted[below + 1]!, fraction);
}

/** numpy's `_lerp`: the form that is exact at both ends. */
function interpolate(low: number, high: number, fraction: number): number {
  return fraction >= 0.5 ? high - (high - low) * (1 - fraction) : low + (high - low) * fraction;
}

export function quantile(values: ArrayLike<number>, q: number): number {
  return quantileOfSorted(Float64Array.from(values).sort(), q);
}

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
}

/** Sample variance (ddof 1). */
export function variance(values: ArrayLike<number>): number {
  return covariance(values, values);
}

/** Sample covariance (ddof 1) of two equally long series. */
export function covariance(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const meanX = mean(x);
  const meanY = mean(y);
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += (x[i]! - meanX) * (y[i]! - meanY);
  return sum / (x.length - 1);
}

/** Largest fall from a running peak of the wealth 1 → Π(1 + r), as a positive fraction. */
export function maxDrawdown(returns: ArrayLike<number>): number {
  let wealth = 1;
  let peak = 1;
  let worst = 0;
  for (let i = 0; i < returns.length; i++) {
    wealth *= 1 + returns[i]!;
    if (wealth > peak) peak = wealth;
    worst = Math.max(worst, 1 - wealth / peak);
  }
  return worst;
}

/**
 * numpy-linear quantiles at ascending `levels` without a full sort: quickselect moves each needed
 * order statistic into place (reordering `values`), O(n) per level instead of O(n log n) — the
 * Monte Carlo takes five quantiles of up to 100,000 values at each of 100 steps.
 */
export function quantilesInPlace(values: Float64Array, levels: readonly number[]): number[] {
  const last = values.length - 1;
  let left = 0;
  const orderStatistic = (k: number): number => {
    if (k >= left) {
      selectInPlace(values, left, last, k);
      left = k + 1;
    }
    return values[k]!;
  };
  return levels.map((level) => {
    const position = last * level;
    const below = Math.floor(position);
    const fraction = position - below;
    const low = orderStatistic(below);
    if (fraction === 0 || below >= last) return low;
    return interpolate(low, orderStatistic(below + 1), fraction);
  });
}

/** Hoare quickselect: afterwards a[k] is the k-th smallest of a[left..right], smaller ones before it, larger after. */
function selectInPlace(a: Float64Array, left: number, right: number, k: number): void {
  while (right > left) {
    const x = a[left]!;
    const y = a[(left + right) >>> 1]!;
    const z = a[right]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const swap = a[i]!;
        a[i] = a[j]!;
        a[j] = swap;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return;
  }
}
