/**
 * Synthetic runs with known answers: a healthy baseline (warmup + cosine LR, loss decaying to a floor, eval
 * loss tracking it, steady grad norm, throughput and memory) and one recipe per diagnosis that changes just
 * what the diagnosis is about. Seeded noise, so a failure reproduces.
 */
import type { RunData } from '../../../src/core/runs/types';

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Curves {
  steps: number;
  train_loss?: (s: number) => number;
  eval_loss?: (s: number) => number;
  learning_rate?: (s: number) => number;
  grad_norm?: (s: number) => number;
  throughput?: (s: number) => number;
  memory?: (s: number) => number;
  /** Evaluate every N steps. */
  evalEvery?: number;
  /** Relative noise on every series. */
  noise?: number;
}

export const N = 1000;
export const warmupCosine = (s: number) => (s < 50 ? 3e-4 * (s + 1) / 50 : 3e-4 * 0.5 * (1 + Math.cos(Math.PI * (s - 50) / (N - 50))));
export const decaying = (s: number) => 0.6 + 1.7 * Math.exp(-s / 200);

export const healthy: Curves = {
  steps: N,
  train_loss: decaying,
  eval_loss: (s) => decaying(s) + 0.1,
  learning_rate: warmupCosine,
  grad_norm: (s) => 1 + 0.5 * Math.exp(-s / 300),
  throughput: () => 1200,
  memory: () => 10.5,
  evalEvery: 100,
  noise: 0.03,
};

export function makeRun(c: Curves, seed = 1, path = 'synthetic.csv'): RunData {
  const r = rng(seed);
  const noise = c.noise ?? 0.03;
  const noisy = (v: number, rel = noise) => (Number.isFinite(v) ? v * (1 + rel * (r() * 2 - 1)) : v);
  const names = ['train_loss', 'learning_rate', 'grad_norm', 'throughput', 'memory'] as const;
  const series: RunData['series'] = [];
  for (const name of names) {
    const f = c[name];
    if (!f) continue;
    const steps = new Float64Array(c.steps);
    const values = new Float64Array(c.steps);
    for (let s = 0; s < c.steps; s++) {
      steps[s] = s;
      values[s] = name === 'learning_rate' ? f(s) : name === 'memory' ? noisy(f(s), 0.002) : noisy(f(s));
    }
    series.push({ name, steps, values });
  }
  if (c.eval_loss) {
    const every = c.evalEvery ?? 100;
    const steps: number[] = [];
    const values: number[] = [];
    for (let s = every; s <= c.steps; s += every) {
      steps.push(s);
      values.push(noisy(c.eval_loss(s), noise / 3));
    }
    series.push({ name: 'eval_loss', steps: Float64Array.from(steps), values: Float64Array.from(values) });
  }
  return { path, format: 'csv', series, issues: [], meta: {} };
}

/** One recipe per diagnosis (what fires) and its quiet counterpart (a near miss that must not fire). */
export const recipes: Record<string, { fires: Curves; quiet: Curves }> = {
  'nan-loss': {
    fires: { ...healthy, train_loss: (s) => (s >= 700 ? NaN : decaying(s)) },
    quiet: { ...healthy, train_loss: (s) => (s >= 700 ? 1e-9 : decaying(s)) },
  },
  'loss-spike': {
    fires: { ...healthy, train_loss: (s) => (s >= 500 && s < 503 ? 5 * decaying(s) : decaying(s)) },
    // Ordinary noise of ±25 % on a flat stretch is not a spike.
    quiet: { ...healthy, noise: 0.25 },
  },
  divergence: {
    fires: { ...healthy, learning_rate: (s) => (s < 50 ? 3e-4 * (s + 1) / 50 : 3e-4), train_loss: (s) => (s < 400 ? decaying(s) : decaying(400) * (1 + (s - 400) / 200)) },
    // The loss rises a little at the end (+20 %): not divergence.
    quiet: { ...healthy, train_loss: (s) => (s < 800 ? decaying(s) : decaying(800) * (1 + 0.2 * (s - 800) / 200)) },
  },
  'exploding-gradients': {
    fires: { ...healthy, grad_norm: (s) => ([300, 450, 600, 750].includes(s) ? 80 : 1) },
    // One isolated spike is a bad batch, not exploding gradients.
    quiet: { ...healthy, grad_norm: (s) => (s === 450 ? 80 : 1) },
  },
  'vanishing-gradients': {
    fires: { ...healthy, grad_norm: (s) => Math.exp(-s / 80), train_loss: (s) => 1.8 + 0.5 * Math.exp(-s / 50) },
    // Gradients shrink because the run converged to a low loss.
    quiet: { ...healthy, grad_norm: (s) => Math.exp(-s / 80), train_loss: (s) => 0.05 + 2.25 * Math.exp(-s / 60) },
  },
  overfitting: {
    fires: { ...healthy, train_loss: (s) => 0.1 + 2.2 * Math.exp(-s / 200), eval_loss: (s) => (s <= 400 ? decaying(s) + 0.1 : decaying(400) + 0.1 + (s - 400) / 600) },
    // Eval loss flattens (tiny noise) instead of rising.
    quiet: { ...healthy, train_loss: (s) => 0.1 + 2.2 * Math.exp(-s / 200), eval_loss: (s) => (s <= 400 ? decaying(s) + 0.1 : decaying(400) + 0.1) },
  },
  plateau: {
    fires: { ...healthy, learning_rate: (s) => (s < 50 ? 1e-3 * (s + 1) / 50 : 1e-3), train_loss: (s) => (s < 400 ? 0.8 + 1.5 * (1 - s / 400) : 0.8) },
    // Same loss, but the learning rate decays over the flat part: the schedule is already doing its job.
    quiet: { ...healthy, learning_rate: (s) => (s < 50 ? 1e-3 * (s + 1) / 50 : 1e-3 * (1 - s / N)), train_loss: (s) => (s < 400 ? 0.8 + 1.5 * (1 - s / 400) : 0.8) },
  },
  'no-warmup': {
    fires: { ...healthy, learning_rate: () => 3e-4, train_loss: (s) => (s < 40 ? 2.3 + 3 * Math.sin((Math.PI * s) / 40) : decaying(s)) },
    // Same early bump, but the learning rate warms up: the warmup is there, something else is going on.
    quiet: { ...healthy, train_loss: (s) => (s < 40 ? 2.3 + 3 * Math.sin((Math.PI * s) / 40) : decaying(s)) },
  },
  'not-learning': {
    fires: { ...healthy, train_loss: () => Math.log(10), eval_loss: () => Math.log(10) },
    quiet: healthy,
  },
  slowdown: {
    fires: { ...healthy, throughput: (s) => (s < 600 ? 1200 : 500) },
    // A 10 % dip is within normal variation.
    quiet: { ...healthy, throughput: (s) => (s < 600 ? 1200 : 1080) },
  },
  'memory-growth': {
    fires: { ...healthy, memory: (s) => 10 + s * 0.01 },
    // A one-off step up (a cache filling once) is not steady growth.
    quiet: { ...healthy, memory: (s) => (s < 300 ? 10 : 14) },
  },
};
