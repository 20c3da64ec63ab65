import type { CulpritConfig } from '../config/config';
import { buildInstance } from '../instances/buildInstance';
import { fetchFeatureGrid, type FeatureGrid, type GridRequest } from '../instances/featureGrid';
import { catalogueScaling } from '../models/modelCatalogue';
import { explainPrediction } from '../models/explainPrediction';
import type { PrometheusApi } from '../prometheus/prometheusClient';
import { modelRef, type ClassifyFn } from '../service/diagnosisService';
import type { ModelSummary } from '../store/modelStore';
import type { DiagnosisAnswer } from './serviceDiagnoseWindow';
import { spliceBaseline } from './spliceBaseline';
import { unknownAnomaly } from './unknownAnomaly';

export interface PinnedBaselineDeps {
  readonly config: CulpritConfig;
  readonly api: PrometheusApi;
  /** The active model (`DiagnosisService.resolveModel`); throws when there is none. */
  readonly resolveModel: () => ModelSummary;
  readonly classify: ClassifyFn;
  /** The longest a baseline stays pinned; after that the window is compared with the window before it again. */
  readonly maxPinnedSeconds: number;
  /**
   * How long before the window its baseline ends while nothing is pinned (default 0: just before it). See
   * {@link PinnedBaselineDiagnosis}.
   */
  readonly baselineLagSeconds?: number;
}

interface Pin {
  readonly modelId: number;
  /** Where the pinned baseline ends (the start of the window in which a culprit was first named), epoch ms. */
  readonly since: number;
  /** The grid of the baseline, ending at `since`. */
  readonly grid: FeatureGrid;
}

/**
 * The continuous loop's diagnosis, with the baseline pinned while a fault lasts.
 *
 * A diagnosis scales its window against the window just before it (docs/api.md), which is right for a window an
 * SRE picks around an onset. A continuous loop slides past the onset, though: once a fault has lasted a window plus a
 * baseline, both contain it, the window no longer looks like a change, and the alert would resolve while the fault
 * is still on. So when a diagnosis first names a culprit, the baseline before that window is kept, and later windows
 * are scaled against it (the window just as the model's training instances were: fault throughout, clean baseline
 * before) until a diagnosis says `normal` again, the model changes, or `maxPinnedSeconds` pass.
 *
 * A lag keeps the baseline clean for longer before a culprit is named: with `baselineLagSeconds` = one window, a
 * window is scaled against the baseline that ended a window before it started, so during the first two windows of a
 * fault (not one) the baseline is still all before the onset, and a diagnosis slowed by a busy machine or a late
 * scrape still gets windows that look like the model's training instances. Normal behaviour barely drifts in a
 * window, so a quiet window still looks quiet against it.
 *
 * Otherwise it is `DiagnosisService.diagnose`: same model choice, catalogue, instance builder, classifier threads
 * and explanation.
 */
export class PinnedBaselineDiagnosis {
  private pin: Pin | null = null;

  constructor(private readonly deps: PinnedBaselineDeps) {}

  /** When the current baseline was pinned (epoch ms), or `null` when windows are scaled against the one before. */
  get pinnedSince(): number | null {
    return this.pin?.since ?? null;
  }

  async diagnose(from: number, to: number): Promise<DiagnosisAnswer> {
    const { config, api } = this.deps;
    const model = this.deps.resolveModel();
    const { catalogue } = model;
    const baselineSteps = Math.round(catalogue.baselineSeconds / catalogue.stepSeconds);
    const request: GridRequest = {
      services: catalogue.services,
      catalogue: { name: catalogue.name, features: catalogue.features },
      stepSeconds: catalogue.stepSeconds,
      queryConcurrency: config.limits.queryConcurrency,
    };
    if (
      this.pin !== null &&
      (this.pin.modelId !== model.id || to - this.pin.since > this.deps.maxPinnedSeconds * 1000)
    ) {
      this.pin = null;
    }
    const pinned = this.pin;
    const lagMs = (this.deps.baselineLagSeconds ?? 0) * 1000;
    let grid: FeatureGrid;
    if (pinned !== null) {
      grid = spliceBaseline(
        pinned.grid,
        await fetchFeatureGrid(api, request, from, to),
        Math.min(baselineSteps, pinned.grid.length)
      );
    } else if (lagMs === 0) {
      grid = await fetchFeatureGrid(api, request, from - catalogue.baselineSeconds * 1000, to);
    } else {
      const span = await fetchFeatureGrid(api, request, from - lagMs - catalogue.baselineSeconds * 1000, to);
      const baseline = rowsBefore(span, from - lagMs);
      grid = spliceBaseline(baseline, rowsFrom(span, from), Math.min(baselineSteps, baseline.length));
    }
    const instance = buildInstance(
      grid,
      {
        fromMs: from,
        toMs: to,
        baselineSeconds: catalogue.baselineSeconds,
        length: catalogue.length,
        maxMissingFraction: config.limits.maxMissingFraction,
      },
      catalogueScaling(catalogue)
    );
    const { prediction, unknownThreshold } = await this.deps.classify(model.id, instance.mts);
    const explanation = explainPrediction(prediction, instance, model.training, catalogue.services);

    if (pinned === null && explanation.culprit !== null) {
      this.pin = { modelId: model.id, since: from, grid: rowsBefore(grid, from) };
    } else if (pinned !== null && explanation.culprit === null && explanation.status === 'ok') {
      this.pin = null;
    }
    return {
      model: modelRef(model),
      ...explanation,
      unknownAnomaly: unknownAnomaly(prediction.neighbours?.[0]?.distance, unknownThreshold),
    };
  }
}

/** The rows of `grid` at or after `time`. */
function rowsFrom(grid: FeatureGrid, time: number): FeatureGrid {
  const first = Math.min(grid.length - 1, Math.max(0, Math.ceil((time - grid.startMs) / (grid.stepSeconds * 1000))));
  const n = grid.features.length;
  return {
    ...grid,
    startMs: grid.startMs + first * grid.stepSeconds * 1000,
    length: grid.length - first,
    values: grid.values.slice(first * n, grid.length * n),
  };
}

/** The rows of `grid` strictly before `time`. */
function rowsBefore(grid: FeatureGrid, time: number): FeatureGrid {
  const rows = Math.max(1, Math.min(grid.length, Math.ceil((time - grid.startMs) / (grid.stepSeconds * 1000))));
  return { ...grid, length: rows, values: grid.values.slice(0, rows * grid.features.length) };
}
