/**
 * Robust statistics the diagnoses share. Long series are first reduced to at most MAX_BUCKETS buckets (median,
 * min, max per bucket), so a diagnosis costs the same on a million points as on a few thousand and one noisy
 * point never decides alone.
 */
import type { Series } from './types';

export const MAX_BUCKETS = 4000;

export interface Curve {
  /** First step of each bucket (the point's step when a bucket is one point). */
  steps: number[];
  /** Last step of each bucket. */
  endSteps: number[];
  med: number[];
  min: number[];
  max: number[];
  /** Finite points behind the curve. */
  points: number;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The finite points of a series, bucketed when there are more than `maxBuckets`. */
export function curveOf(series: Series | undefined, maxBuckets = MAX_BUCKETS): Curve {
  const c: Curve = { steps: [], endSteps: [], med: [], min: [], max: [], points: 0 };
  if (!series) return c;
  const steps: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < series.values.length; i++) {
    const v = series.values[i];
    if (Number.isFinite(v)) {
      steps.push(series.steps[i]);
      values.push(v);
    }
  }
  c.points = values.length;
  const size = Math.max(1, Math.ceil(values.length / maxBuckets));
  for (let i = 0; i < values.length; i += size) {
    const chunk = values.slice(i, i + size);
    c.steps.push(steps[i]);
    c.endSteps.push(steps[Math.min(i + size, values.length) - 1]);
    c.med.push(size === 1 ? chunk[0] : median(chunk));
    c.min.push(Math.min(...chunk));
    c.max.push(Math.max(...chunk));
  }
  return c;
}

/** Centered rolling median with window `w` (shrinking at the ends). */
export function rollingMedian(xs: readonly number[], w: number): number[] {
  const h = Math.max(0, Math.floor(w / 2));
  return xs.map((_, i) => median(xs.slice(Math.max(0, i - h), i + h + 1)));
}

/** Spearman rank correlation of `ys` with their index (1 = steadily rising, -1 = steadily falling). */
export function trend(ys: readonly number[]): number {
  const n = ys.length;
  if (n < 3) return 0;
  const ranks = rank(ys);
  const mean = (n - 1) / 2;
  let num = 0;
  let dx = 0;
  let dy = 0;
  for (let i = 0; i < n; i++) {
    num += (i - mean) * (ranks[i] - mean);
    dx += (i - mean) ** 2;
    dy += (ranks[i] - mean) ** 2;
  }
  return dy === 0 ? 0 : num / Math.sqrt(dx * dy);
}

function rank(ys: readonly number[]): number[] {
  const order = ys.map((_, i) => i).sort((a, b) => ys[a] - ys[b]);
  const r = new Array<number>(ys.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && ys[order[j + 1]] === ys[order[i]]) j++;
    for (let k = i; k <= j; k++) r[order[k]] = (i + j) / 2;
    i = j + 1;
  }
  return r;
}

/** Median of the values in the index range [from, to) given as fractions of the length. */
export function medianOfPart(xs: readonly number[], from: number, to: number): number {
  const a = Math.floor(xs.length * from);
  const b = Math.max(a + 1, Math.ceil(xs.length * to));
  return median(xs.slice(a, b));
}

/** A number for messages: 3 significant digits, no exponent for ordinary magnitudes. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) return v.toExponential(2);
  return String(Number(v.toPrecision(3)));
}
