/**
 * Growable Float64 columns for series, so a million-row run costs about 2 × 8 bytes per point (steps +
 * values) plus at most one doubling of slack — not an object per point.
 */
import type { Series } from './types';

/**
 * Makes a zeroed column of `n` numbers. The default is a plain Float64Array; a reader in a worker thread passes
 * one over SharedArrayBuffer, so the snapshots it posts share memory with the receiver instead of being copied
 * (the worker keeps the builders for the next incremental read, so transferring them is not an option).
 */
export type ColumnAlloc = (n: number) => Float64Array;
const plain: ColumnAlloc = (n) => new Float64Array(n);

export class SeriesBuilder {
  steps: Float64Array;
  values: Float64Array;
  length = 0;
  private sorted = true;

  constructor(readonly name: string, private readonly alloc: ColumnAlloc = plain) {
    this.steps = alloc(64);
    this.values = alloc(64);
  }

  push(step: number, value: number): void {
    if (this.length === this.steps.length) {
      const cap = this.length * 2;
      const s = this.alloc(cap);
      s.set(this.steps);
      const v = this.alloc(cap);
      v.set(this.values);
      this.steps = s;
      this.values = v;
    }
    if (this.length > 0 && step < this.steps[this.length - 1]) this.sorted = false;
    this.steps[this.length] = step;
    this.values[this.length] = value;
    this.length++;
  }

  /**
   * A snapshot ordered by step (stable for equal steps). When already ordered it shares memory with the
   * builder — after trimming the doubling slack, so a finished million-point run holds 16 bytes a point.
   */
  toSeries(): Series {
    const n = this.length;
    if (this.sorted) {
      if (this.steps.length > n + (n >> 3) + 64) {
        this.steps = this.copy(this.steps, n);
        this.values = this.copy(this.values, n);
      }
      return { name: this.name, steps: this.steps.subarray(0, n), values: this.values.subarray(0, n) };
    }
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => this.steps[a] - this.steps[b] || a - b);
    const steps = this.alloc(n);
    const values = this.alloc(n);
    order.forEach((j, i) => {
      steps[i] = this.steps[j];
      values[i] = this.values[j];
    });
    return { name: this.name, steps, values };
  }

  private copy(a: Float64Array, n: number): Float64Array {
    const out = this.alloc(n);
    out.set(a.subarray(0, n));
    return out;
  }
}

/** The series of one run, by name, in first-seen order. */
export class SeriesSet {
  private readonly byName = new Map<string, SeriesBuilder>();

  constructor(private readonly alloc?: ColumnAlloc) {}

  get(name: string): SeriesBuilder {
    let b = this.byName.get(name);
    if (!b) {
      b = new SeriesBuilder(name, this.alloc);
      this.byName.set(name, b);
    }
    return b;
  }

  push(name: string, step: number, value: number): void {
    this.get(name).push(step, value);
  }

  toSeries(): Series[] {
    return [...this.byName.values()].filter((b) => b.length > 0).map((b) => b.toSeries());
  }

  get pointCount(): number {
    let n = 0;
    for (const b of this.byName.values()) n += b.length;
    return n;
  }
}

/**
 * A number as Python / loggers print it: `2.31`, `1e-4`, `nan`, `inf`, `-Infinity`, `tensor(2.31)` is NOT
 * accepted (callers strip wrappers). Returns undefined for anything that is not a number (empty cells too).
 */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  if (!Number.isNaN(n)) return n;
  const l = t.toLowerCase().replace(/^['"]|['"]$/g, '');
  if (l === 'nan' || l === '-nan' || l === '+nan') return NaN;
  if (l === 'inf' || l === '+inf' || l === 'infinity' || l === '+infinity') return Infinity;
  if (l === '-inf' || l === '-infinity') return -Infinity;
  if (l === 'true') return 1;
  if (l === 'false') return 0;
  return undefined;
}
