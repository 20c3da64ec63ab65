import { createHash } from 'node:crypto';
import type { CulpritConfig } from '../config/config';
import {
  LIVE_BASELINE_DEVIATION,
  STUDY_BASELINE_DEVIATION,
  type BaselineDeviationOptions,
} from '../core/transforms/baselineDeviation';
import type { ModelCatalogue } from '../store/modelStore';

/**
 * How new models scale their instances: the settings the study measured best on the shop (clip ±50, floor 1e-3;
 * service AC@1 0.944 against 0.792 with the first builder's ±10, docs/study.md).
 */
export const MODEL_SCALING: BaselineDeviationOptions = STUDY_BASELINE_DEVIATION;

/** The scaling a model's instances are built with (models stored before the field existed: the first settings). */
export function catalogueScaling(catalogue: ModelCatalogue): BaselineDeviationOptions {
  return catalogue.scaling ?? LIVE_BASELINE_DEVIATION;
}

/** Steps in an instance of `windowSeconds` at `stepSeconds` (both ends included). */
export function instanceLength(windowSeconds: number, stepSeconds: number): number {
  return Math.round(windowSeconds / stepSeconds) + 1;
}

/** The catalogue a model is trained with: the configured queries and grid, for these services. */
export function modelCatalogueFrom(config: CulpritConfig, services: readonly string[]): ModelCatalogue {
  return {
    name: config.catalogue.name,
    services: [...services],
    features: config.catalogue.features.map(({ metric, query }) => ({ metric, query })),
    stepSeconds: config.stepSeconds,
    baselineSeconds: config.baselineSeconds,
    length: instanceLength(config.windowSeconds, config.stepSeconds),
    scaling: MODEL_SCALING,
  };
}

/** A stable hash of everything that shapes an instance; cached instances and models are keyed by it. */
export function catalogueHash(catalogue: ModelCatalogue): string {
  const canonical = JSON.stringify([
    catalogue.services,
    catalogue.features.map((feature) => [feature.metric, feature.query]),
    catalogue.stepSeconds,
    catalogue.baselineSeconds,
    catalogue.length,
    // Only when stored, so models and cached instances from before the field keep their keys.
    ...(catalogue.scaling ? [catalogue.scaling.clip, catalogue.scaling.minSd, catalogue.scaling.minRelativeSd] : []),
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}
