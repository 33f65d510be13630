/**
 * Decimation for the run panel's charts, run by the webview at its pixel width: the points of a step range
 * become at most 3 points per pixel column (the column's minimum, maximum and first non-finite value, in step
 * order), so a million-point loss paints as fast as a short one and still shows every spike and every NaN.
 * One pass over the typed arrays the protocol carries; zooming re-decimates the visible range only (binary
 * search for its ends), so detail appears as the user zooms in. vscode-free and DOM-free (unit-tested).
 */

/** Decimated points: `values[i]` is NaN where the input was non-finite (drawn as a break in the line). */
export interface Decimated {
  steps: Float64Array;
  values: Float64Array;
}

export interface DecimateOptions {
  /** Step range to decimate (both ends included); the nearest point outside each end is kept too, so the line reaches the plot's edges. Default: everything. */
  from?: number;
  to?: number;
  /** Log scale: values ≤ 0 cannot be drawn and are skipped as if absent (not a gap). */
  positiveOnly?: boolean;
}

/** First index whose step is ≥ `x` (steps sorted ascending). */
export function lowerBound(steps: ArrayLike<number>, x: number, n = steps.length): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (steps[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose step is > `x`. */
export function upperBound(steps: ArrayLike<number>, x: number, n = steps.length): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (steps[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the pixel column (`0 … buckets-1`) a step falls in; shared by decimate and its tests. */
export function bucketOf(step: number, from: number, to: number, buckets: number): number {
  const k = Math.floor((step - from) * (buckets / (to - from || 1)));
  return k < 0 ? 0 : k >= buckets ? buckets - 1 : k;
}

export function decimate(steps: ArrayLike<number>, values: ArrayLike<number>, buckets: number, opts: DecimateOptions = {}): Decimated {
  const n = Math.min(steps.length, values.length);
  const b = Math.max(1, Math.floor(buckets));
  const positiveOnly = opts.positiveOnly === true;
  const from = opts.from ?? (n ? steps[0] : 0);
  const to = opts.to ?? (n ? steps[n - 1] : 0);
  // [i0, i1): the points inside the range, widened by one neighbour on each side.
  const i0 = Math.max(0, lowerBound(steps, from, n) - 1);
  const i1 = Math.min(n, upperBound(steps, to, n) + 1);
  const picked = new Int32Array(Math.max(0, Math.min(i1 - i0, 3 * b + 2)));
  let m = 0;
  if (i1 - i0 <= 2 * b) {
    for (let j = i0; j < i1; j++) if (!positiveOnly || !(values[j] <= 0)) picked[m++] = j;
  } else {
    let start = i0;
    let end = i1;
    // The outside neighbours are single points, not part of any column.
    const head = steps[start] < from ? start++ : -1;
    const tail = end - 1 > start && steps[end - 1] > to ? --end : -1;
    if (head >= 0 && (!positiveOnly || !(values[head] <= 0))) picked[m++] = head;
    m = columnExtremes(steps, values, start, end, from, b / (to - from || 1), b, positiveOnly, picked, m);
    if (tail >= 0 && (!positiveOnly || !(values[tail] <= 0))) picked[m++] = tail;
  }
  const out: Decimated = { steps: new Float64Array(m), values: new Float64Array(m) };
  for (let i = 0; i < m; i++) {
    const v = values[picked[i]];
    out.steps[i] = steps[picked[i]];
    out.values[i] = v - v === 0 ? v : NaN;
  }
  return out;
}

/**
 * The hot loop, over local variables only (nothing captured by a closure, so V8 keeps them in registers): per
 * pixel column, the indices of its minimum, maximum and first non-finite value, appended to `picked` in order.
 */
function columnExtremes(steps: ArrayLike<number>, values: ArrayLike<number>, start: number, end: number, from: number, scale: number, b: number, positiveOnly: boolean, picked: Int32Array, m: number): number {
  let k = -1;
  let lo = -1;
  let hi = -1;
  let gap = -1;
  let loV = 0;
  let hiV = 0;
  for (let j = start; j < end; j++) {
    let kj = Math.floor((steps[j] - from) * scale);
    if (kj >= b) kj = b - 1;
    if (kj !== k) {
      if (k >= 0) m = appendSorted(picked, m, lo, hi, gap);
      k = kj;
      lo = hi = gap = -1;
    }
    const v = values[j];
    if (v - v !== 0) {
      if (gap < 0) gap = j; // NaN or ±Infinity
    } else if (!positiveOnly || v > 0) {
      if (lo < 0 || v < loV) {
        lo = j;
        loV = v;
      }
      if (hi < 0 || v > hiV) {
        hi = j;
        hiV = v;
      }
    }
  }
  return k >= 0 ? appendSorted(picked, m, lo, hi, gap) : m;
}

/** Appends the distinct indices among x, y, z that are ≥ 0, ascending. */
function appendSorted(picked: Int32Array, m: number, x: number, y: number, z: number): number {
  let t: number;
  if (x > y) (t = x), (x = y), (y = t);
  if (y > z) (t = y), (y = z), (z = t);
  if (x > y) (t = x), (x = y), (y = t);
  if (x >= 0) picked[m++] = x;
  if (y >= 0 && y !== x) picked[m++] = y;
  if (z >= 0 && z !== y) picked[m++] = z;
  return m;
}

/**
 * uPlot's data for one chart: one x array (the union of the decimated series' steps) and one y array a series,
 * with `null` where the series was non-finite (a visible break) and `undefined` where it has no point at that
 * step (uPlot spans those). Merges sorted arrays; the inputs are decimated, so this is a few thousand points.
 */
export function alignSeries(series: readonly Decimated[]): [number[], ...Array<Array<number | null | undefined>>] {
  if (series.length === 1) {
    const s = series[0];
    const ys: Array<number | null> = new Array(s.values.length);
    for (let i = 0; i < ys.length; i++) ys[i] = Number.isNaN(s.values[i]) ? null : s.values[i];
    return [Array.from(s.steps), ys];
  }
  const xs: number[] = [];
  const pos = series.map(() => 0);
  for (;;) {
    let next = Infinity;
    series.forEach((s, i) => {
      if (pos[i] < s.steps.length && s.steps[pos[i]] < next) next = s.steps[pos[i]];
    });
    if (next === Infinity) break;
    xs.push(next);
    series.forEach((s, i) => {
      while (pos[i] < s.steps.length && s.steps[pos[i]] === next) pos[i]++;
    });
  }
  const ys = series.map((s) => {
    const out: Array<number | null | undefined> = new Array(xs.length).fill(undefined);
    let j = 0;
    for (let i = 0; i < s.steps.length; i++) {
      while (xs[j] < s.steps[i]) j++;
      out[j] = Number.isNaN(s.values[i]) ? null : s.values[i];
    }
    return out;
  });
  return [xs, ...ys];
}
