/**
 * Training runs: what the readers produce and the diagnoses read. vscode-free and Node-built-in-free — the
 * adapters (CLI, extension) do the file I/O and hand bytes in.
 */
import type { Localized } from '../knowledge/types';

/** The file formats a run can come from. */
export type RunFormat = 'hf-trainer-state' | 'lightning-csv' | 'tensorboard' | 'csv' | 'jsonl' | 'log';

/**
 * Canonical series names the diagnoses know. Any other metric keeps its normalized column/tag name
 * (lower case, separators as `_`), e.g. `eval_accuracy`.
 */
export type KnownSeries = 'train_loss' | 'eval_loss' | 'learning_rate' | 'grad_norm' | 'throughput' | 'memory' | 'epoch' | 'wall_time';

/** One named series: `steps[i]` ↔ `values[i]`, ordered by step. Non-finite values (NaN, ±Inf) are kept. */
export interface Series {
  name: string;
  steps: Float64Array;
  values: Float64Array;
}

/** A problem in the input: which file, where (byte offset and/or 1-based line), what. */
export interface ReadIssue {
  file: string;
  offset?: number;
  line?: number;
  message: string;
}

export interface RunData {
  /** Display path of the run (a file or a folder). */
  path: string;
  format: RunFormat;
  series: Series[];
  issues: ReadIssue[];
  /** Extra facts some formats carry (HF: best_metric, best_model_checkpoint). */
  meta: Record<string, string | number>;
}

export type DiagnosisSeverity = 'warning' | 'information';

/** One diagnosis found in one run. Steps are the run's own step numbers. */
export interface RunDiagnosis {
  id: string;
  severity: DiagnosisSeverity;
  startStep: number;
  endStep: number;
  message: Localized;
  /** The numbers the diagnosis rests on (named, so the panel and JSON can show them). */
  evidence: Record<string, number | string | boolean>;
  /** Corpus items (`9#5`) the advice comes from. */
  advice: string[];
  /** Code rules (src/core/analysis/rules) that address the same problem in the training script. */
  relatedRules: string[];
  /** The series the diagnosis is about (for markers in charts). */
  series: string;
}
