/**
 * Printed training logs. A line is a record when it carries at least one metric, in any of these shapes:
 *   Hugging Face's printed dicts   {'loss': 2.31, 'grad_norm': 1.2, 'learning_rate': 5e-05, 'epoch': 0.1}
 *   key=value / key: value pairs   step=100 loss=2.31 lr=1e-4   |   Epoch: 3 | train_loss: 0.52
 *   "iter N: loss X"-style lines   iter 100: loss 2.3100, time 34.12ms, mfu 12.3%
 * The step comes from a step-named key (`step`, `iter`, …), else the record number. `time` given in ms/s is
 * the step time (series `step_time_ms`), not a wall clock.
 */
import { canonicalSeries, foldName, isStepName } from '../aliases';
import { parseNumber } from '../seriesBuilder';
import { LineReader } from './lineReader';
import type { ReadTarget } from './reader';

const NUM = String.raw`[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|[-+]?(?:nan|inf(?:inity)?)\b`;
const PY_PAIR = new RegExp(String.raw`['"]([^'"]+)['"]\s*:\s*(?:[\w.]+\()?(${NUM})\)?`, 'gi');
const KV_PAIR = new RegExp(String.raw`(?:^|[\s,;|\[({])([A-Za-z_][\w./-]*)\s*(?:=|:)\s*(${NUM})\s*(ms|s|%)?(?=$|[\s,;|\])}/])`, 'gi');
const SPACE_PAIR = new RegExp(String.raw`(?:^|[\s,;|\[(])([A-Za-z_][\w./-]*)\s+(${NUM})\s*(ms|s|%)?(?=$|[\s,:;|\])}/])`, 'gi');

export class PrintedLogReader extends LineReader {
  private record = 0;

  constructor(private readonly t: ReadTarget) {
    super(t.decodeUtf8);
  }

  protected handle(line: string): void {
    if (line.length > 4000 || !/\d/.test(line)) return;
    const pairs = new Map<string, { value: number; unit?: string }>();
    const dict = /\{\s*['"][^'"]+['"]\s*:/.test(line);
    if (dict) for (const m of line.matchAll(PY_PAIR)) add(pairs, m[1], m[2]);
    else {
      for (const m of line.matchAll(KV_PAIR)) add(pairs, m[1], m[2], m[3]);
      // Bare "name number" only for names we know (loss 2.31, iter 100, lr 3e-4): free text is full of numbers.
      for (const m of line.matchAll(SPACE_PAIR)) if (known(m[1])) add(pairs, m[1], m[2], m[3]);
    }
    let step: number | undefined;
    let metrics = 0;
    for (const [k, { value }] of pairs) {
      if (isStepName(k) && Number.isFinite(value)) step ??= value;
      else if (foldName(k) !== 'epoch') metrics++;
    }
    if (metrics === 0) return;
    const at = step ?? this.record;
    this.record++;
    for (const [k, { value, unit }] of pairs) {
      if (isStepName(k)) continue;
      let name = canonicalSeries(k);
      if (name === 'wall_time' && (unit === 'ms' || unit === 's')) name = 'step_time_ms';
      this.t.set.push(name, at, name === 'step_time_ms' && unit === 's' ? value * 1000 : value);
    }
  }
}

function add(pairs: Map<string, { value: number; unit?: string }>, key: string, raw: string, unit?: string): void {
  const v = parseNumber(raw);
  if (v === undefined || pairs.has(key)) return;
  pairs.set(key, { value: v, unit: unit?.toLowerCase() });
}

function known(key: string): boolean {
  const c = canonicalSeries(key);
  return isStepName(key) || c !== foldName(key) || ['loss', 'lr', 'time', 'mfu', 'acc', 'accuracy', 'ppl', 'perplexity'].includes(foldName(key));
}
