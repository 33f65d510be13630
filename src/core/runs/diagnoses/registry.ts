/** The diagnosis catalog, in the order results are listed (the most urgent first). */
import type { Diagnosis } from './diagnosis';
import { nanLoss } from './nan-loss';
import { lossSpike } from './loss-spike';
import { divergence } from './divergence';
import { explodingGradients } from './exploding-gradients';
import { vanishingGradients } from './vanishing-gradients';
import { overfitting } from './overfitting';
import { plateau } from './plateau';
import { noWarmup } from './no-warmup';
import { notLearning } from './not-learning';
import { slowdown } from './slowdown';
import { memoryGrowth } from './memory-growth';

export const diagnoses: readonly Diagnosis[] = [
  nanLoss, divergence, lossSpike, explodingGradients, vanishingGradients, overfitting, noWarmup, notLearning, plateau, slowdown, memoryGrowth,
];

export function getDiagnosis(id: string): Diagnosis | undefined {
  return diagnoses.find((d) => d.id === id);
}
