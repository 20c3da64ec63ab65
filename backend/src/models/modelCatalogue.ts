import { createHash } from 'node:crypto';
import type { CulpritConfig } from '../config/config';
import type { ModelCatalogue } from '../store/modelStore';

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
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}
