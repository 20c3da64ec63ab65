import type { CulpritConfig } from '../config/config';
import { localiseMostMoved } from '../core/transforms/localiseMostMoved';
import type { Mts } from '../core/types';
import type { Classified } from '../models/classifierCache';
import { buildInstance, InsufficientDataError, type BuiltInstance } from '../instances/buildInstance';
import { fetchFeatureGrid, type FeatureGrid } from '../instances/featureGrid';
import { catalogueScaling } from '../models/modelCatalogue';
import { explainPrediction, type Explanation } from '../models/explainPrediction';
import type { PrometheusApi } from '../prometheus/prometheusClient';
import type { ModelSummary } from '../store/modelStore';
import type { CulpritStore } from '../store/openStore';
import { CulpritError } from './errors';

/** Classifies one instance with a stored model (on a worker thread, or inline). */
export type ClassifyFn = (modelId: number, mts: Mts) => Promise<Classified>;

/** The model fields every diagnosis answer carries. */
export interface ModelRef {
  readonly id: number;
  readonly name: string;
  readonly classifier: string;
  readonly createdAt: number;
}

/** The body of `POST /api/diagnose` (docs/api.md). */
export interface Diagnosis extends Explanation {
  readonly window: { from: number; to: number; stepSeconds: number };
  /**
   * For a selection much longer than the model's windows: the stretch of the model's length that moved most against
   * the baseline, which is what was classified (`null` when the whole selection was, resampled to the model's length).
   */
  readonly located: { from: number; to: number } | null;
  readonly model: ModelRef;
  readonly quality: BuiltInstance['quality'];
  /**
   * Distance to the nearest training instance in units of the model's unknown threshold (≥ 1: "unknown"), `null` for
   * classifiers without one.
   */
  readonly unknownAnomaly: number | null;
  readonly timings: { queryMs: number; buildMs: number; classifyMs: number; totalMs: number };
}

export interface Timeline {
  readonly window: { from: number; to: number; stepSeconds: number };
  readonly model: ModelRef;
  readonly times: number[];
  readonly series: Array<{ service: string; scores: Array<number | null> }>;
  readonly culprits: Array<{
    time: number;
    service: string | null;
    fault: string | null;
    confidence: number | null;
    status: 'ok' | 'unknown' | 'failed';
  }>;
}

export interface Incident {
  readonly from: number;
  readonly to: number;
  readonly service: string;
  readonly fault: string;
  readonly confidence: number;
}

/** A selection at least this many times the model's window length is localised before it is classified. */
export const LOCALISE_RATIO = 1.5;

/**
 * The `steps`-long stretch of a scaled instance that moved most (core `localiseMostMoved`), as an instance of its
 * own: how much each feature moved is recomputed over the stretch, so the explanation speaks of what was classified.
 */
export function locateStretch(
  whole: BuiltInstance,
  steps: number,
  firstMs: number,
  stepMs: number
): { instance: BuiltInstance; located: { from: number; to: number } } {
  const F = whole.mts.nFeatures;
  const at = localiseMostMoved(whole.mts, steps);
  const values = whole.mts.values.slice(at * F, (at + steps) * F);
  const deviation = new Float64Array(F);
  for (let t = 0; t < steps; t++) {
    for (let f = 0; f < F; f++) {
      deviation[f] += Math.abs(values[t * F + f]) / steps;
    }
  }
  return {
    instance: { ...whole, mts: { nFeatures: F, length: steps, values }, deviation },
    located: { from: firstMs + at * stepMs, to: firstMs + (at + steps - 1) * stepMs },
  };
}

/**
 * Turns time windows into diagnoses: picks the model (the one asked for, or the active one, read once per request so
 * a concurrent activation never mixes two models in one answer), queries Prometheus with the model's own catalogue,
 * builds the instance, classifies it, and explains the answer.
 */
export class DiagnosisService {
  constructor(
    private readonly config: CulpritConfig,
    private readonly store: CulpritStore,
    private readonly api: PrometheusApi,
    private readonly classify: ClassifyFn
  ) {}

  /** The model a request will use; throws 404 / 409 catalogue errors. */
  resolveModel(modelId?: number): ModelSummary {
    if (modelId !== undefined) {
      const model = this.store.models.get(modelId);
      if (!model) {
        throw new CulpritError(
          'CULPRIT_NOT_FOUND',
          `no model with id ${modelId}; GET /api/models lists them`,
          'body/modelId'
        );
      }
      return model;
    }
    const active = this.store.models.active();
    if (!active) {
      throw new CulpritError(
        'CULPRIT_NO_ACTIVE_MODEL',
        'no model is active: train one with POST /api/models (or `culprit models train`), or pass modelId'
      );
    }
    return active;
  }

  /** Checks a window against the limits; `fieldPrefix` is `body` or `query`. */
  checkWindow(from: number, to: number, fieldPrefix: string, stepSeconds: number): void {
    if (!(from < to)) {
      throw new CulpritError(
        'CULPRIT_BAD_WINDOW',
        `from (${new Date(from).toISOString()}) must be before to (${new Date(to).toISOString()})`,
        `${fieldPrefix}/to`
      );
    }
    if (to - from < 2 * stepSeconds * 1000) {
      throw new CulpritError(
        'CULPRIT_BAD_WINDOW',
        `the window must span at least two steps (${2 * stepSeconds} s); widen it`,
        `${fieldPrefix}/to`
      );
    }
    const maxMs = this.config.limits.maxWindowSeconds * 1000;
    if (to - from > maxMs) {
      throw new CulpritError(
        'CULPRIT_WINDOW_TOO_LONG',
        `the window is ${formatDuration(to - from)} long; at most ${formatDuration(maxMs)} (limits.maxWindowSeconds) can be diagnosed at once`,
        `${fieldPrefix}/from`
      );
    }
  }

  async diagnose(from: number, to: number, modelId?: number): Promise<Diagnosis> {
    const began = performance.now();
    const model = this.resolveModel(modelId);
    this.checkWindow(from, to, 'body', model.catalogue.stepSeconds);
    const grid = await this.fetchGrid(model, from - model.catalogue.baselineSeconds * 1000, to);
    const built = performance.now();
    const stepMs = model.catalogue.stepSeconds * 1000;
    // A selection much longer than the model's windows is a person's range around an incident: resampling it would
    // squeeze the fault into a shape the library never saw, so the model is asked about the stretch that moved most
    // (the study's onset-shift protocol, docs/study.md).
    const localise = (to - from) / stepMs + 1 >= LOCALISE_RATIO * model.catalogue.length;
    const whole = buildInstance(
      grid,
      {
        fromMs: from,
        toMs: to,
        baselineSeconds: model.catalogue.baselineSeconds,
        length: localise ? undefined : model.catalogue.length,
        maxMissingFraction: this.config.limits.maxMissingFraction,
      },
      catalogueScaling(model.catalogue)
    );
    const firstMs = grid.startMs + Math.ceil((from - grid.startMs) / stepMs) * stepMs;
    const { instance, located } = localise
      ? locateStretch(whole, model.catalogue.length, firstMs, stepMs)
      : { instance: whole, located: null };
    const classifyStart = performance.now();
    const { prediction, unknownThreshold } = await this.classify(model.id, instance.mts);
    const classified = performance.now();
    const explanation = explainPrediction(prediction, instance, model.training, model.catalogue.services);
    const nearest = prediction.neighbours?.[0]?.distance;
    return {
      window: { from, to, stepSeconds: model.catalogue.stepSeconds },
      located,
      model: modelRef(model),
      ...explanation,
      quality: instance.quality,
      unknownAnomaly:
        nearest !== undefined && unknownThreshold !== null && unknownThreshold > 0 ? nearest / unknownThreshold : null,
      timings: {
        queryMs: round(grid.queryMs),
        buildMs: round(classifyStart - built),
        classifyMs: round(classified - classifyStart),
        totalMs: round(performance.now() - began),
      },
    };
  }

  /**
   * Diagnoses the window `[t − windowSeconds, t]` every `stepSeconds` in `[from, to]` from one Prometheus query per
   * feature over the whole range (not one per point).
   */
  async timeline(from: number, to: number, stepSeconds: number | undefined): Promise<Timeline> {
    const model = this.resolveModel();
    const step = stepSeconds ?? this.config.windowSeconds;
    if (!(from < to)) {
      throw new CulpritError('CULPRIT_BAD_WINDOW', 'from must be before to', 'query/to');
    }
    const points = Math.floor((to - from) / (step * 1000)) + 1;
    if (points > this.config.limits.maxTimelinePoints || to - from > this.config.limits.maxWindowSeconds * 1000) {
      throw new CulpritError(
        'CULPRIT_WINDOW_TOO_LONG',
        `the timeline would need ${points} diagnoses over ${formatDuration(to - from)}; at most ${this.config.limits.maxTimelinePoints} (limits.maxTimelinePoints) over ${formatDuration(this.config.limits.maxWindowSeconds * 1000)}: raise stepSeconds or narrow the range`,
        'query/stepSeconds'
      );
    }
    const windowMs = (model.catalogue.length - 1) * model.catalogue.stepSeconds * 1000;
    const times = Array.from({ length: points }, (_, i) => to - (points - 1 - i) * step * 1000);
    const grid = await this.fetchGrid(model, times[0] - windowMs - model.catalogue.baselineSeconds * 1000, to);
    const services = model.catalogue.services;
    const series = services.map((service) => ({ service, scores: [] as Array<number | null> }));
    const culprits: Timeline['culprits'] = [];
    for (const time of times) {
      let explanation: Explanation;
      try {
        const instance = buildInstance(
          grid,
          {
            fromMs: time - windowMs,
            toMs: time,
            baselineSeconds: model.catalogue.baselineSeconds,
            length: model.catalogue.length,
            maxMissingFraction: this.config.limits.maxMissingFraction,
          },
          catalogueScaling(model.catalogue)
        );
        explanation = explainPrediction(
          (await this.classify(model.id, instance.mts)).prediction,
          instance,
          model.training,
          services
        );
      } catch (error) {
        if (!(error instanceof InsufficientDataError || error instanceof RangeError)) {
          throw error;
        }
        series.forEach((entry) => entry.scores.push(null));
        culprits.push({ time, service: null, fault: null, confidence: null, status: 'failed' });
        continue;
      }
      const byService = new Map(explanation.services.map((entry) => [entry.service, entry.score]));
      series.forEach((entry) => entry.scores.push(byService.get(entry.service) ?? 0));
      culprits.push({
        time,
        service: explanation.culprit?.service ?? null,
        fault: explanation.culprit?.fault ?? null,
        confidence: explanation.ranking[0]?.score ?? null,
        status: explanation.status,
      });
    }
    return { window: { from, to, stepSeconds: step }, model: modelRef(model), times, series, culprits };
  }

  /** Runs of consecutive timeline points naming the same culprit, merged (mean confidence). */
  async incidents(from: number, to: number): Promise<Incident[]> {
    const timeline = await this.timeline(from, to, this.config.windowSeconds);
    return mergeIncidents(timeline.culprits, (timeline.window.stepSeconds * 1000) as number);
  }

  private async fetchGrid(model: ModelSummary, from: number, to: number): Promise<FeatureGrid> {
    return fetchFeatureGrid(
      this.api,
      {
        services: model.catalogue.services,
        catalogue: { name: model.catalogue.name, features: model.catalogue.features },
        stepSeconds: model.catalogue.stepSeconds,
        queryConcurrency: this.config.limits.queryConcurrency,
      },
      from,
      to
    );
  }
}

/** Merges consecutive points with the same culprit into incidents spanning from one step before the first point. */
export function mergeIncidents(culprits: Timeline['culprits'], stepMs: number): Incident[] {
  const incidents: Incident[] = [];
  let current: { from: number; to: number; service: string; fault: string; sum: number; n: number } | null = null;
  const flush = () => {
    if (current) {
      incidents.push({
        from: current.from,
        to: current.to,
        service: current.service,
        fault: current.fault,
        confidence: current.sum / current.n,
      });
      current = null;
    }
  };
  for (const point of culprits) {
    if (point.service === null || point.fault === null) {
      flush();
      continue;
    }
    if (current && current.service === point.service && current.fault === point.fault) {
      current.to = point.time;
      current.sum += point.confidence ?? 0;
      current.n++;
    } else {
      flush();
      current = {
        from: point.time - stepMs,
        to: point.time,
        service: point.service,
        fault: point.fault,
        sum: point.confidence ?? 0,
        n: 1,
      };
    }
  }
  flush();
  return incidents;
}

/** The `model` object of an answer. */
export function modelRef(model: ModelSummary): ModelRef {
  return { id: model.id, name: model.name, classifier: model.classifierKind, createdAt: model.createdAt };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function formatDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds >= 86400 * 365) {
    return `${(seconds / (86400 * 365)).toFixed(1)} years`;
  }
  if (seconds >= 86400) {
    return `${(seconds / 86400).toFixed(1)} days`;
  }
  if (seconds >= 3600) {
    return `${(seconds / 3600).toFixed(1)} h`;
  }
  return `${Math.round(seconds)} s`;
}
