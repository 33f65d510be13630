/** The rule catalog: every rule the analyzer runs, in a stable order. */
import type { Rule } from './rule';
import { gradClip } from './rules/grad-clip';
import { earlyStopping } from './rules/early-stopping';
import { lrSchedule } from './rules/lr-schedule';
import { mixedPrecision } from './rules/mixed-precision';
import { scalerUnscale } from './rules/scaler-unscale';
import { dataParallel } from './rules/data-parallel';
import { glooOnGpu } from './rules/gloo-on-gpu';
import { evalNoGrad } from './rules/eval-no-grad';
import { evalMode } from './rules/eval-mode';
import { dataloaderWorkers } from './rules/dataloader-workers';
import { noCheckpoint } from './rules/no-checkpoint';
import { noMonitoring } from './rules/no-monitoring';
import { weightDecay } from './rules/weight-decay';
import { sgdMomentum } from './rules/sgd-momentum';
import { zeroGrad } from './rules/zero-grad';
import { trainMode } from './rules/train-mode';
import { torchLoadWeightsOnly } from './rules/torch-load-weights-only';
import { checkpointReentrant } from './rules/checkpoint-reentrant';
import { deprecatedAmp } from './rules/deprecated-amp';
import { noSeed } from './rules/no-seed';
import { requiresGradTypo } from './rules/requires-grad-typo';

export const rules: readonly Rule[] = [
  gradClip, earlyStopping, lrSchedule, mixedPrecision, scalerUnscale, dataParallel, glooOnGpu, evalNoGrad, evalMode,
  dataloaderWorkers, noCheckpoint, noMonitoring, weightDecay, sgdMomentum, zeroGrad, trainMode,
  torchLoadWeightsOnly, checkpointReentrant, deprecatedAmp, noSeed, requiresGradTypo,
];

const byId = new Map(rules.map((r) => [r.id, r]));

export function getRule(id: string): Rule | undefined {
  return byId.get(id);
}
