/** A series as a one-line sparkline (for the CLI's text output and hovers): bucket means as ▁…█, `×` for a
 *  bucket holding a NaN/Inf, ` ` for a bucket without points. */
import type { Series } from './types';

const BARS = '▁▂▃▄▅▆▇█';

export function sparkline(s: Series, width = 40): string {
  const n = s.values.length;
  if (n === 0) return '';
  const w = Math.min(width, n);
  const sums = new Float64Array(w);
  const counts = new Uint32Array(w);
  const bad = new Uint8Array(w);
  for (let i = 0; i < n; i++) {
    const b = Math.min(w - 1, Math.floor((i * w) / n));
    const v = s.values[i];
    if (Number.isFinite(v)) {
      sums[b] += v;
      counts[b]++;
    } else bad[b] = 1;
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (let b = 0; b < w; b++) {
    if (!counts[b]) continue;
    const m = sums[b] / counts[b];
    lo = Math.min(lo, m);
    hi = Math.max(hi, m);
  }
  let out = '';
  for (let b = 0; b < w; b++) {
    if (bad[b]) out += '×';
    else if (!counts[b]) out += ' ';
    else out += BARS[hi > lo ? Math.round(((sums[b] / counts[b] - lo) / (hi - lo)) * (BARS.length - 1)) : 3];
  }
  return out;
}
