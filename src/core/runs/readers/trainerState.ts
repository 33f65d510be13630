/**
 * Hugging Face Trainer `trainer_state.json`: `log_history` (train records with loss/grad_norm/learning_rate,
 * eval records with eval_*; the final summary record with train_runtime is not a point of the curves),
 * `best_metric`, `best_model_checkpoint`. The Trainer rewrites the whole file at each save, so it is read as a
 * whole; when it is broken, the log_history records before the break are kept and the break is reported.
 */
import { canonicalSeries } from '../aliases';
import { addIssue, type FormatReader, type ReadTarget } from './reader';
import { errorPosition, lineOf, numericLeaves, parsePythonJson } from './pyjson';

const META_KEYS = ['best_metric', 'best_model_checkpoint', 'global_step', 'max_steps', 'num_train_epochs', 'epoch', 'best_global_step'];

export class TrainerStateReader implements FormatReader {
  readonly appendOnly = false;
  private chunks: Uint8Array[] = [];
  private size = 0;
  consumed = 0;

  constructor(private readonly t: ReadTarget) {}

  feed(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.size += bytes.length;
  }

  end(): void {
    const all = new Uint8Array(this.size);
    let o = 0;
    for (const c of this.chunks) {
      all.set(c, o);
      o += c.length;
    }
    this.chunks = [];
    this.consumed = this.size;
    const text = new TextDecoder().decode(all);
    let state: Record<string, unknown>;
    try {
      const parsed = parsePythonJson(text);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        addIssue(this.t, { offset: 0, line: 1, message: 'not a trainer_state.json object' });
        return;
      }
      state = parsed as Record<string, unknown>;
    } catch (e) {
      const { kept, end } = this.salvage(text);
      // Where JSON.parse stopped; when its message names no place, the end of what could be kept (the break is
      // there or after it).
      const pos = errorPosition(e, text) ?? end;
      addIssue(this.t, {
        offset: byteOffset(all, pos),
        line: lineOf(text, pos),
        message: `broken JSON (${(e as Error).message}); kept the ${kept} log_history records before it`,
      });
      return;
    }
    for (const k of META_KEYS) {
      const v = state[k];
      if (typeof v === 'number' || typeof v === 'string') this.t.meta[k] = v;
    }
    const history = state.log_history;
    if (!Array.isArray(history)) {
      addIssue(this.t, { offset: 0, line: 1, message: 'no log_history array' });
      return;
    }
    history.forEach((r, i) => this.record(r, i));
  }

  private record(r: unknown, index: number): void {
    if (r === null || typeof r !== 'object') return;
    const rec = r as Record<string, unknown>;
    if ('train_runtime' in rec) return; // the end-of-training summary: averages, not a point of the curves
    const step = typeof rec.step === 'number' ? rec.step : index;
    for (const [k, v] of numericLeaves(rec)) {
      if (k === 'step') continue;
      this.t.set.push(canonicalSeries(k), step, v);
    }
  }

  /**
   * The complete `{…}` records of log_history before a break (records are flat objects): how many, and the
   * character offset after the last one.
   */
  private salvage(text: string): { kept: number; end: number } {
    const start = text.indexOf('"log_history"');
    if (start < 0) return { kept: 0, end: 0 };
    let i = text.indexOf('[', start);
    if (i < 0) return { kept: 0, end: start };
    let kept = 0;
    while (true) {
      const open = text.indexOf('{', i);
      if (open < 0) return { kept, end: i };
      const close = matchingBrace(text, open);
      if (close < 0) return { kept, end: i };
      try {
        this.record(parsePythonJson(text.slice(open, close + 1)), kept);
      } catch {
        return { kept, end: i };
      }
      kept++;
      i = close + 1;
      if (/^\s*\]/.test(text.slice(i, i + 64))) return { kept, end: i };
    }
  }
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/** The byte offset in `bytes` where decoded character `charOffset` starts (invalid UTF-8 included). */
function byteOffset(bytes: Uint8Array, charOffset: number): number {
  const decoder = new TextDecoder();
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (decoder.decode(bytes.subarray(0, mid)).length < charOffset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
