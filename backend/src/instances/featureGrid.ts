import { expandTemplate, featureName, type FeatureCatalogue } from '../config/config';
import type { PrometheusApi, RangeSeries } from '../prometheus/prometheusClient';

/** Points per range query, below Prometheus's limit of 11 000. */
const MAX_POINTS_PER_QUERY = 10_000;

/** One feature of an instance: a catalogue metric measured for one service. */
export interface FeatureRef {
  readonly service: string;
  readonly metric: string;
  /** `<service>:<metric>` */
  readonly name: string;
}

/**
 * Raw feature values on a fixed time grid, straight from Prometheus: `values[t * features.length + f]` (time-major,
 * like an Mts) is feature `f` at `startMs + t * stepSeconds * 1000`, NaN where Prometheus had no finite value.
 */
export interface FeatureGrid {
  readonly startMs: number;
  readonly stepSeconds: number;
  readonly length: number;
  readonly features: readonly FeatureRef[];
  readonly values: Float64Array;
  /** Services for which no catalogue query returned any series in the whole grid. */
  readonly servicesWithoutData: readonly string[];
  /** Wall time spent in Prometheus queries. */
  readonly queryMs: number;
}

export interface GridRequest {
  readonly services: readonly string[];
  readonly catalogue: FeatureCatalogue;
  readonly stepSeconds: number;
  readonly queryConcurrency: number;
}

/** The features of a catalogue for a list of services, service-major (all metrics of the first service first). */
export function featureRefs(services: readonly string[], catalogue: FeatureCatalogue): FeatureRef[] {
  return services.flatMap((service) =>
    catalogue.features.map(({ metric }) => ({ service, metric, name: featureName(service, metric) }))
  );
}

/**
 * Queries every (service, metric) over `[fromMs, toMs]` widened to whole steps, and lays the answers on one grid.
 * A query that returns several series (e.g. several replicas) contributes their sum.
 */
export async function fetchFeatureGrid(
  api: PrometheusApi,
  request: GridRequest,
  fromMs: number,
  toMs: number
): Promise<FeatureGrid> {
  const step = request.stepSeconds;
  const startSeconds = Math.floor(fromMs / 1000 / step) * step;
  const endSeconds = Math.ceil(toMs / 1000 / step) * step;
  const length = Math.round((endSeconds - startSeconds) / step) + 1;
  const features = featureRefs(request.services, request.catalogue);
  const templates = new Map(request.catalogue.features.map((feature) => [feature.metric, feature.query]));
  const nFeatures = features.length;
  const values = new Float64Array(length * nFeatures).fill(Number.NaN);
  const hasSeries = new Set<string>();

  const began = performance.now();
  await forEachWithConcurrency(features, request.queryConcurrency, async (feature, f) => {
    const query = expandTemplate(templates.get(feature.metric) as string, feature.service, step);
    const series: RangeSeries[] = [];
    // Prometheus refuses more than 11 000 points per series in one query_range: long ranges go in chunks.
    for (let chunkStart = startSeconds; chunkStart <= endSeconds; chunkStart += MAX_POINTS_PER_QUERY * step) {
      const chunkEnd = Math.min(endSeconds, chunkStart + (MAX_POINTS_PER_QUERY - 1) * step);
      series.push(...(await api.queryRange(query, chunkStart, chunkEnd, step)));
    }
    if (series.length > 0) {
      hasSeries.add(feature.service);
    }
    for (const { times, values: samples } of series) {
      for (let i = 0; i < times.length; i++) {
        const t = Math.round((times[i] - startSeconds) / step);
        const sample = samples[i];
        if (t < 0 || t >= length || !Number.isFinite(sample)) {
          continue;
        }
        const at = t * nFeatures + f;
        values[at] = Number.isNaN(values[at]) ? sample : values[at] + sample;
      }
    }
  });
  const queryMs = performance.now() - began;

  return {
    startMs: startSeconds * 1000,
    stepSeconds: step,
    length,
    features,
    values,
    servicesWithoutData: request.services.filter((service) => !hasSeries.has(service)),
    queryMs,
  };
}

async function forEachWithConcurrency<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  });
  await Promise.all(lanes);
}
