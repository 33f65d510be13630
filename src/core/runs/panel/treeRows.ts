/**
 * The Runs view's rows, vscode-free: one row per run (its name relative to the workspace, the format and the
 * number of diagnoses as the description) with its diagnoses as children (title and step range).
 */
import type { Lang } from '../../knowledge/types';
import { localize } from '../../knowledge/localize';
import { getDiagnosisMeta } from '../diagnoses/catalog';
import type { RunDiagnosis, RunFormat } from '../types';

export interface RunRow {
  id: string;
  label: string;
  description: string;
  tooltip: string;
  /** Number of diagnoses (the badge). */
  count: number;
  warning: boolean;
  children: DiagnosisRow[];
}

export interface DiagnosisRow {
  id: string;
  label: string;
  description: string;
  tooltip: string;
  warning: boolean;
  /** Index into the run's diagnoses (the panel opens at it). */
  index: number;
}

const FORMAT_NAMES: Record<RunFormat, string> = {
  'hf-trainer-state': 'HF Trainer',
  'lightning-csv': 'Lightning',
  tensorboard: 'TensorBoard',
  csv: 'CSV',
  jsonl: 'JSONL',
  log: 'log',
};

export function runRow(runPath: string, relative: string, format: RunFormat, diagnoses: readonly RunDiagnosis[], lang: Lang): RunRow {
  const n = diagnoses.length;
  const problems = lang === 'zh' ? (n ? `${n} 个问题` : '正常') : n === 1 ? '1 problem' : n ? `${n} problems` : 'healthy';
  return {
    id: `run/${runPath}`,
    label: relative,
    description: `${FORMAT_NAMES[format]} · ${problems}`,
    tooltip: `${runPath}\n${FORMAT_NAMES[format]} · ${problems}`,
    count: n,
    warning: diagnoses.some((d) => d.severity === 'warning'),
    children: diagnoses.map((d, index) => {
      const steps = d.startStep === d.endStep ? String(d.startStep) : `${d.startStep}–${d.endStep}`;
      return {
        id: `run/${runPath}/${index}/${d.id}`,
        label: localize(getDiagnosisMeta(d.id)?.title ?? { en: d.id, zh: d.id }, lang),
        description: `${lang === 'zh' ? '步' : 'step'} ${steps}`,
        tooltip: localize(d.message, lang),
        warning: d.severity === 'warning',
        index,
      };
    }),
  };
}

/** A run's name relative to the workspace folder (forward slashes), or the full path outside it. */
export function relativeRunName(runPath: string, folder: string | undefined): string {
  const p = runPath.replace(/\\/g, '/');
  const f = folder?.replace(/\\/g, '/').replace(/\/+$/, '');
  return f && p.startsWith(`${f}/`) ? p.slice(f.length + 1) : p;
}
