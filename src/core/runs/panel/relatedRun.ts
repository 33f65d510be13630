/**
 * The run a code hint can point to: the first workspace run with a diagnosis that names the rule among its
 * related rules (e.g. grad-clip ← exploding-gradients), so the rule's hover can say "this workspace's run
 * <name> shows <diagnosis> at step N".
 */
import type { Lang } from '../../knowledge/types';
import { localize } from '../../knowledge/localize';
import { getDiagnosisMeta } from '../diagnoses/catalog';
import type { RunDiagnosis } from '../types';

export interface RelatedRun {
  run: string;
  title: string;
  step: number;
}

export function relatedRun(ruleId: string, runs: ReadonlyArray<{ name: string; diagnoses: readonly RunDiagnosis[] }>, lang: Lang): RelatedRun | null {
  for (const r of runs) {
    const d = r.diagnoses.find((x) => x.relatedRules.includes(ruleId));
    if (d) return { run: r.name, title: localize(getDiagnosisMeta(d.id)?.title ?? { en: d.id, zh: d.id }, lang), step: d.startStep };
  }
  return null;
}
