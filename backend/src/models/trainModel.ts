import type { CulpritConfig } from '../config/config';
import type { ClassifierSpecInput } from '../core/classifiers/classifierSpec';
import type { Mts } from '../core/types';
import { buildInstance, InsufficientDataError } from '../instances/buildInstance';
import { fetchFeatureGrid } from '../instances/featureGrid';
import type { PrometheusApi } from '../prometheus/prometheusClient';
import { CulpritError } from '../service/errors';
import type { ModelSummary, TrainingInstance } from '../store/modelStore';
import type { CulpritStore } from '../store/openStore';
import { checkClassifierSpec } from './coreClassifiers';
import { fitModelHere, type FitFn } from './fitModel';
import { catalogueHash, catalogueScaling, modelCatalogueFrom } from './modelCatalogue';
import { planTrainingWindows } from './planTrainingWindows';
import { resolveServices } from './resolveServices';

export interface TrainRequest {
  readonly name: string;
  readonly classifier: ClassifierSpecInput;
  /** Normal windows sampled per episode (default 1). */
  readonly normalPerEpisode?: number;
  /** Make it the active model when stored (default true). */
  readonly activate?: boolean;
  /** Cross-validate it and store the evaluation (default true). */
  readonly evaluate?: boolean;
}

export interface TrainReport {
  readonly model: ModelSummary;
  /** Training windows left out because Prometheus had too little data for them, with the reason. */
  readonly skipped: Array<{ episodeId: number | null; label: string; reason: string }>;
}

/** Progress: `fraction` in 0..1 and what is happening. */
export type TrainProgress = (fraction: number, message: string) => void;

/**
 * Trains a model on the whole fault library: builds one instance per episode (from the instance cache when the
 * catalogue is unchanged, else from Prometheus, then cached) and per sampled normal window, fits the classifier, and
 * optionally evaluates it, then stores it in one transaction (activating it if asked).
 */
export async function trainModel(
  deps: { config: CulpritConfig; store: CulpritStore; api: PrometheusApi; fit?: FitFn },
  request: TrainRequest,
  progress: TrainProgress = () => undefined
): Promise<TrainReport> {
  const { config, store, api } = deps;
  const spec = checkClassifierSpec(request.classifier);
  const episodes = store.episodes.all();
  if (new Set(episodes.map((episode) => `${episode.service}/${episode.fault}`)).size < 1) {
    throw new CulpritError(
      'CULPRIT_NO_TRAINING_DATA',
      'the fault library has no episode; record some (a campaign, POST /api/episodes, or import) first'
    );
  }
  const services = [
    ...new Set([...(await resolveServices(config.services, api)), ...episodes.map((episode) => episode.service)]),
  ].sort();
  const catalogue = modelCatalogueFrom(config, services);
  const hash = catalogueHash(catalogue);
  const windows = planTrainingWindows(episodes, {
    windowSeconds: config.windowSeconds,
    baselineSeconds: config.baselineSeconds,
    minWindowSeconds: 4 * config.stepSeconds,
    normalPerEpisode: request.normalPerEpisode ?? 1,
    nowMs: Date.now(),
  });

  const series: Mts[] = [];
  const labels: string[] = [];
  const kept: TrainingInstance[] = [];
  const skipped: TrainReport['skipped'] = [];
  for (const [index, window] of windows.entries()) {
    progress((0.6 * index) / windows.length, `building instances ${index + 1}/${windows.length}`);
    const cached = window.episodeId === null ? undefined : store.instances.get(window.episodeId, hash);
    let mts = cached?.mts;
    if (!mts) {
      const grid = await fetchFeatureGrid(
        api,
        {
          services,
          catalogue: config.catalogue,
          stepSeconds: config.stepSeconds,
          queryConcurrency: config.limits.queryConcurrency,
        },
        window.start - config.baselineSeconds * 1000,
        window.end
      );
      try {
        const instance = buildInstance(
          grid,
          {
            fromMs: window.start,
            toMs: window.end,
            baselineSeconds: config.baselineSeconds,
            length: catalogue.length,
            maxMissingFraction: config.limits.maxMissingFraction,
          },
          catalogueScaling(catalogue)
        );
        mts = instance.mts;
        if (window.episodeId !== null) {
          store.instances.put(window.episodeId, hash, { mts, quality: instance.quality });
        }
      } catch (error) {
        if (!(error instanceof InsufficientDataError || error instanceof RangeError)) {
          throw error;
        }
        skipped.push({ episodeId: window.episodeId, label: window.label, reason: error.message });
        continue;
      }
    }
    series.push(mts);
    labels.push(window.label);
    kept.push(window);
  }
  const classes = new Set(labels);
  if (classes.size < 2) {
    throw new CulpritError(
      'CULPRIT_NO_TRAINING_DATA',
      `training needs at least 2 classes with data, found ${classes.size} (${[...classes].join(', ') || 'none'}) after ${skipped.length} windows without enough Prometheus data; record more episodes, or leave quiet gaps between them for normal windows`
    );
  }

  progress(
    0.6,
    `fitting ${spec.classifier} on ${series.length} instances${request.evaluate === false ? '' : ', then 5-fold evaluation'}`
  );
  const fit = deps.fit ?? (async (...args: Parameters<FitFn>) => fitModelHere(...args));
  const { classifierJson, evaluation } = await fit(spec, series, labels, request.evaluate !== false);

  const model = store.models.add(
    {
      name: request.name,
      classifierKind: spec.classifier,
      catalogueHash: hash,
      catalogue,
      settings: spec as unknown as Record<string, unknown>,
      classifier: classifierJson,
      training: kept,
      evaluation,
    },
    request.activate ?? true
  );
  progress(1, `stored model ${model.id}`);
  return { model, skipped };
}
