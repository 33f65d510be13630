/**
 * The contract every diagnosis implements: one file per diagnosis in diagnoses/<id>.ts, collected in
 * registry.ts, their metadata in catalog.ts (like the code rules). A diagnosis reads a RunView and returns what it
 * found with the step range and the numbers it rests on; its metadata gives id, severity, advice and related rules.
 */
import type { Localized } from '../../knowledge/types';
import { curveOf, type Curve } from '../stats';
import type { DiagnosisSeverity, RunData, RunDiagnosis, Series } from '../types';

export interface Threshold {
  default: number;
  doc: Localized;
}

export type Found = Pick<RunDiagnosis, 'startStep' | 'endStep' | 'message' | 'evidence' | 'series'> & { severity?: DiagnosisSeverity };

export interface RunView {
  run: RunData;
  series(name: string): Series | undefined;
  /** Finite points of a series, bucketed for long runs (see stats.ts). */
  curve(name: string): Curve;
}

/**
 * What a diagnosis is without its detection: what the run panel and the host read (title, docs, advice, related
 * rules, thresholds). Each diagnosis file exports it on its own so diagnosisCatalog.ts can list diagnoses without
 * bundling their detection code.
 */
export interface DiagnosisMeta {
  id: string;
  title: Localized;
  docs: { detects: Localized; why: Localized };
  severity: DiagnosisSeverity;
  /** Corpus items (`9#5`) whose advice addresses the symptom. */
  advice: string[];
  /** Code rules (src/core/analysis/rules/<id>.ts) that prevent it in the training script. */
  relatedRules: string[];
  /** Series the diagnosis needs (any one of them for nan-loss); it stays quiet when they are not logged. */
  needs: string[];
  thresholds: Record<string, Threshold>;
}

export interface Diagnosis extends DiagnosisMeta {
  detect(view: RunView, t: Record<string, number>): Found[];
}

export function makeView(run: RunData): RunView {
  const cache = new Map<string, Curve>();
  const byName = new Map(run.series.map((s) => [s.name, s]));
  return {
    run,
    series: (name) => byName.get(name),
    curve(name) {
      let c = cache.get(name);
      if (!c) {
        c = curveOf(byName.get(name));
        cache.set(name, c);
      }
      return c;
    },
  };
}

export const th = (value: number, en: string, zh: string): Threshold => ({ default: value, doc: { en, zh } });

/**
 * A diagnosis from its metadata and its detection. A call (marked pure) rather than `{ ...meta, detect }` because
 * esbuild keeps object spreads, which kept every diagnosis's detection in the extension host's bundle.
 */
export function defineDiagnosis(meta: DiagnosisMeta, detection: Pick<Diagnosis, 'detect'>): Diagnosis {
  return { ...meta, ...detection };
}
