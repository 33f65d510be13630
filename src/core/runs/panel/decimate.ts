/**
 * Decimation for the run panel's charts: a series of any length becomes at most `2 × buckets` points (the
 * minimum and maximum of each step bucket, in step order), so a million-point loss paints as fast as a short
 * one and still shows every spike. Non-finite values become null (a gap in uPlot) and are kept when they are
 * the only points of a bucket, so a NaN stays visible as a break in the line.
 */
export interface DecimatedSeries {
  steps: number[];
  values: Array<number | null>;
}

export function decimate(steps: ArrayLike<number>, values: ArrayLike<number>, buckets: number): DecimatedSeries {
  const n = Math.min(steps.length, values.length);
  const out: DecimatedSeries = { steps: [], values: [] };
  const b = Math.max(1, Math.floor(buckets));
  if (n <= 2 * b) {
    for (let i = 0; i < n; i++) {
      out.steps.push(steps[i]);
      out.values.push(Number.isFinite(values[i]) ? values[i] : null);
    }
    return out;
  }
  const first = steps[0];
  const span = steps[n - 1] - first || 1;
  let i = 0;
  for (let k = 0; k < b && i < n; k++) {
    const end = k === b - 1 ? Number.POSITIVE_INFINITY : first + (span * (k + 1)) / b;
    let lo = -1;
    let hi = -1;
    let gap = -1;
    for (; i < n && (steps[i] < end || k === b - 1); i++) {
      const v = values[i];
      if (!Number.isFinite(v)) {
        if (gap < 0) gap = i;
        continue;
      }
      if (lo < 0 || v < values[lo]) lo = i;
      if (hi < 0 || v > values[hi]) hi = i;
    }
    const picked = lo < 0 ? (gap < 0 ? [] : [gap]) : lo === hi ? [lo] : lo < hi ? [lo, hi] : [hi, lo];
    if (gap >= 0 && lo >= 0) picked.push(gap); // a NaN inside a bucket is a break worth seeing
    picked.sort((x, y) => x - y);
    for (const j of picked) {
      out.steps.push(steps[j]);
      out.values.push(Number.isFinite(values[j]) ? values[j] : null);
    }
  }
  return out;
}
