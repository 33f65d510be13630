/**
 * Runs every diagnosis of the catalog over a run. Thresholds default to each diagnosis' documented values and
 * can be overridden per id (`{"loss-spike": {"ratio": 3}}`); `disabled` turns ids off. A diagnosis that throws
 * is a bug, never the user's problem: it is skipped and the rest still report.
 */
import { makeView } from './diagnoses/diagnosis';
import { diagnoses } from './diagnoses/registry';
import type { RunData, RunDiagnosis } from './types';

export interface DiagnoseOptions {
  thresholds?: Record<string, Record<string, number>>;
  disabled?: readonly string[];
}

export function diagnoseRun(run: RunData, options: DiagnoseOptions = {}): RunDiagnosis[] {
  const view = makeView(run);
  const out: RunDiagnosis[] = [];
  for (const d of diagnoses) {
    if (options.disabled?.includes(d.id)) continue;
    const t: Record<string, number> = {};
    for (const [k, v] of Object.entries(d.thresholds)) t[k] = v.default;
    for (const [k, v] of Object.entries(options.thresholds?.[d.id] ?? {})) if (k in t && Number.isFinite(v)) t[k] = v;
    let found;
    try {
      found = d.detect(view, t);
    } catch {
      continue;
    }
    for (const f of found) {
      out.push({
        id: d.id,
        severity: f.severity ?? d.severity,
        startStep: f.startStep,
        endStep: f.endStep,
        message: f.message,
        evidence: f.evidence,
        advice: d.advice,
        relatedRules: d.relatedRules,
        series: f.series,
      });
    }
  }
  return out;
}
