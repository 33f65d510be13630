/**
 * The rules' metadata (id, title, docs, severity default, advice, fixable) without their detection code, in the
 * registry's order. The extension host, hovers and the sidebar read this; only the analysis worker, the CLI and the
 * tests load registry.ts, so dist/extension.js does not carry 21 rules' detection. test/unit/ruleCatalog.test.ts
 * fails if this drifts from the registry.
 */
import type { RuleMeta } from './rule';
import { gradClipMeta } from './rules/grad-clip';
import { earlyStoppingMeta } from './rules/early-stopping';
import { lrScheduleMeta } from './rules/lr-schedule';
import { mixedPrecisionMeta } from './rules/mixed-precision';
import { scalerUnscaleMeta } from './rules/scaler-unscale';
import { dataParallelMeta } from './rules/data-parallel';
import { glooOnGpuMeta } from './rules/gloo-on-gpu';
import { evalNoGradMeta } from './rules/eval-no-grad';
import { evalModeMeta } from './rules/eval-mode';
import { dataloaderWorkersMeta } from './rules/dataloader-workers';
import { noCheckpointMeta } from './rules/no-checkpoint';
import { noMonitoringMeta } from './rules/no-monitoring';
import { weightDecayMeta } from './rules/weight-decay';
import { sgdMomentumMeta } from './rules/sgd-momentum';
import { zeroGradMeta } from './rules/zero-grad';
import { trainModeMeta } from './rules/train-mode';
import { torchLoadWeightsOnlyMeta } from './rules/torch-load-weights-only';
import { checkpointReentrantMeta } from './rules/checkpoint-reentrant';
import { deprecatedAmpMeta } from './rules/deprecated-amp';
import { noSeedMeta } from './rules/no-seed';
import { requiresGradTypoMeta } from './rules/requires-grad-typo';

export const ruleMetas: readonly RuleMeta[] = [
  gradClipMeta, earlyStoppingMeta, lrScheduleMeta, mixedPrecisionMeta, scalerUnscaleMeta, dataParallelMeta, glooOnGpuMeta, evalNoGradMeta, evalModeMeta,
  dataloaderWorkersMeta, noCheckpointMeta, noMonitoringMeta, weightDecayMeta, sgdMomentumMeta, zeroGradMeta, trainModeMeta,
  torchLoadWeightsOnlyMeta, checkpointReentrantMeta, deprecatedAmpMeta, noSeedMeta, requiresGradTypoMeta,
];

const byId = new Map(ruleMetas.map((r) => [r.id, r]));

export function getRuleMeta(id: string): RuleMeta | undefined {
  return byId.get(id);
}
