/**
 * Summaries of measured samples: nearest-rank percentiles, so every reported number is one
 * that was actually measured.
 *
 * @module
 */

/** The distribution of a set of samples. */
export interface Summary {
  count: number;
  min: number;
  median: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** The nearest-rank percentile `p` (0..100) of `values`; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

/** Count, min, median, p90, p99, max and mean of `values`. */
export function summarize(values: readonly number[]): Summary {
  return {
    count: values.length,
    min: values.length === 0 ? NaN : Math.min(...values),
    median: percentile(values, 50),
    p90: percentile(values, 90),
    p99: percentile(values, 99),
    max: values.length === 0 ? NaN : Math.max(...values),
    mean: values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length,
  };
}

/** How often each value occurs, keys sorted. */
export function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of [...values].sort()) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
