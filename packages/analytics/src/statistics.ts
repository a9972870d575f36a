/** numpy's default `quantile` (method "linear"): interpolates between the order statistics around (n − 1)·q. */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const fraction = position - below;
  const low = sorted[below]!;
  if (fraction === 0 || below + 1 >= sorted.length) return low;
  const high = sorted[below + 1]!;
  // numpy's _lerp: the form that is exact at both ends.
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
