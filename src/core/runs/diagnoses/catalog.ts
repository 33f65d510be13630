/**
 * The diagnoses' metadata (title, docs, advice, related rules, thresholds) without their detection code, in the
 * registry's order. The run panel and the extension host read this; the runs worker and the CLI load registry.ts.
 * test/unit/ruleCatalog.test.ts fails if this drifts from the registry.
 */
import type { DiagnosisMeta } from './diagnosis';
import { nanLossMeta } from './nan-loss';
import { lossSpikeMeta } from './loss-spike';
import { divergenceMeta } from './divergence';
import { explodingGradientsMeta } from './exploding-gradients';
import { vanishingGradientsMeta } from './vanishing-gradients';
import { overfittingMeta } from './overfitting';
import { plateauMeta } from './plateau';
import { noWarmupMeta } from './no-warmup';
import { notLearningMeta } from './not-learning';
import { slowdownMeta } from './slowdown';
import { memoryGrowthMeta } from './memory-growth';

export const diagnosisMetas: readonly DiagnosisMeta[] = [
  nanLossMeta, divergenceMeta, lossSpikeMeta, explodingGradientsMeta, vanishingGradientsMeta, overfittingMeta, noWarmupMeta, notLearningMeta, plateauMeta, slowdownMeta, memoryGrowthMeta,
];

export function getDiagnosisMeta(id: string): DiagnosisMeta | undefined {
  return diagnosisMetas.find((d) => d.id === id);
}
