import type { Prediction } from '../core/types';
import type { BuiltInstance } from '../instances/buildInstance';
import type { TrainingInstance } from '../store/modelStore';
import { splitLabel } from './planTrainingWindows';

export interface RankedClass {
  readonly service: string | null;
  readonly fault: string;
  readonly label: string;
  readonly score: number;
}

export interface Explanation {
  readonly status: 'ok' | 'unknown';
  readonly culprit: { service: string; fault: string; confidence: number } | null;
  readonly ranking: RankedClass[];
  readonly services: Array<{ service: string; score: number }>;
  readonly neighbours: Array<{
    episodeId: number | null;
    service: string | null;
    fault: string;
    start: number;
    end: number;
    distance: number;
  }>;
  readonly topFeatures: Array<{ feature: string; service: string; metric: string; weight: number }>;
}

/** How many features `topFeatures` lists. */
export const TOP_FEATURES = 10;

/**
 * Turns a classifier's prediction into the API's answer: the ranking split into service and fault, the culprit score
 * of every service (its fault classes' scores summed), the nearest training instances mapped back to episodes, and
 * the features that moved most relative to the baseline.
 */
export function explainPrediction(
  prediction: Prediction,
  instance: BuiltInstance,
  training: readonly TrainingInstance[],
  services: readonly string[]
): Explanation {
  const ranking = prediction.scores.map(({ label, score }) => ({ ...splitLabel(label), label, score }));
  const top = ranking[0];
  const culprit =
    !prediction.unknown && top && top.service !== null
      ? { service: top.service, fault: top.fault, confidence: top.score }
      : null;

  const perService = new Map<string, number>(services.map((service) => [service, 0]));
  for (const entry of ranking) {
    if (entry.service !== null) {
      perService.set(entry.service, (perService.get(entry.service) ?? 0) + entry.score);
    }
  }
  const serviceScores = [...perService]
    .map(([service, score]) => ({ service, score }))
    .sort((a, b) => b.score - a.score || a.service.localeCompare(b.service));

  const neighbours = (prediction.neighbours ?? []).map((neighbour) => {
    const source = training[neighbour.index];
    const { service, fault } = splitLabel(neighbour.label);
    return {
      episodeId: source?.episodeId ?? null,
      service,
      fault,
      start: source?.start ?? 0,
      end: source?.end ?? 0,
      distance: neighbour.distance,
    };
  });

  let total = 0;
  for (const value of instance.deviation) {
    total += value;
  }
  const topFeatures = instance.features
    .map((feature, f) => ({
      feature: feature.name,
      service: feature.service,
      metric: feature.metric,
      weight: total > 0 ? instance.deviation[f] / total : 0,
    }))
    .sort((a, b) => b.weight - a.weight || a.feature.localeCompare(b.feature))
    .slice(0, TOP_FEATURES);

  return {
    status: prediction.unknown ? 'unknown' : 'ok',
    culprit,
    ranking,
    services: serviceScores,
    neighbours,
    topFeatures,
  };
}
