import { assertMts } from '../mts';
import { normalise } from '../transforms/normalise';
import { type ClassScore, type Mts, type Neighbour, type Prediction, UNKNOWN_LABEL } from '../types';
import {
  assertTrainingSet,
  type Classifier,
  type ClassifierJson,
  type MtsJson,
  type ProgressCallback,
} from './classifier';
import type { NeighbourSpec } from './classifierSpec';
import { learnWindow } from './learnWindow';
import { NearestNeighbourSearch } from './nearestNeighbourSearch';

/** Share of a class score that comes from its nearest distance rather than from the k votes. */
const DISTANCE_SHARE = 0.1;

interface KnnState {
  readonly classes: string[];
  readonly labels: string[];
  readonly series: MtsJson[];
  readonly windowFraction: number;
  /** `null` when unknown answers are off or there are too few training series to learn it. */
  readonly unknownThreshold: number | null;
}

/**
 * k-nearest-neighbour classification under ED, DTW_D or DTW_I with the exact pruned search.
 *
 * Scores: each class gets `0.9 × its share of the k votes + 0.1 × its nearest-distance similarity`, where the
 * similarity is `(d_min + δ) / (d_class + δ)` normalised over classes; the nearest distance of every class is
 * computed exactly, so classes outside the k neighbours are still ranked (AC@3, Avg@5 need a full ranking).
 * Ranking ties: higher score, then smaller class-nearest distance, then label order — deterministic.
 * With k = 1 the top class is always the nearest neighbour's.
 *
 * Unknown: `fit` computes each training series' leave-one-out nearest distance; the threshold is
 * `unknownFactor ×` their `unknownQuantile` quantile (linear interpolation). A query whose nearest neighbour is
 * farther is answered `unknown`, with the ranking still attached as evidence.
 */
export class KnnClassifier implements Classifier {
  readonly spec: NeighbourSpec;
  private state: KnnState | null = null;
  private search: NearestNeighbourSearch | null = null;
  private classOf: Int32Array = new Int32Array(0);

  constructor(spec: NeighbourSpec) {
    this.spec = spec;
  }

  get classes(): readonly string[] {
    return this.state?.classes ?? [];
  }

  /** The window used after fitting (the learned one when `learnWindow`). */
  get windowFraction(): number {
    return this.state?.windowFraction ?? this.spec.windowFraction;
  }

  /** The learned unknown threshold, `null` when off. */
  get unknownThreshold(): number | null {
    return this.state?.unknownThreshold ?? null;
  }

  fit(series: readonly Mts[], labels: readonly string[], onProgress?: ProgressCallback): void {
    assertTrainingSet(series, labels);
    series.forEach((s, i) => assertMts(s, `training series ${i}`));
    const prepared = series.map((s) => normalise(s, this.spec.normalise));
    let windowFraction = this.spec.windowFraction;
    if (this.spec.learnWindow && this.spec.classifier !== 'ed') {
      windowFraction = learnWindow(prepared, labels, this.spec.classifier, {
        onProgress: (done, total) => onProgress?.('learning the window', done, total),
      }).windowFraction;
    }
    const search = new NearestNeighbourSearch(prepared, this.spec.classifier, { windowFraction });
    let unknownThreshold: number | null = null;
    if (this.spec.rejectUnknown && prepared.length >= 2) {
      const nearest = prepared.map((s, i) => {
        const d = search.search(s, { exclude: i }).neighbours[0].distance;
        onProgress?.('learning the unknown threshold', i + 1, prepared.length);
        return d;
      });
      unknownThreshold = this.spec.unknownFactor * quantile(nearest, this.spec.unknownQuantile);
    }
    this.install(
      {
        classes: [...new Set(labels)].sort(),
        labels: [...labels],
        series: prepared.map(toMtsJson),
        windowFraction,
        unknownThreshold,
      },
      search
    );
  }

  predict(query: Mts): Prediction {
    const { state, search } = this;
    if (!state || !search) {
      throw new Error('predict called before fit (or load)');
    }
    assertMts(query, 'query');
    const prepared = normalise(query, this.spec.normalise);
    const k = Math.min(this.spec.k, state.labels.length);
    const { neighbours, classNearest } = search.search(prepared, {
      k,
      classOf: this.classOf,
      nClasses: state.classes.length,
    });
    const nearestByClass = classNearest!;
    const votes = new Float64Array(state.classes.length);
    const last = neighbours[neighbours.length - 1].distance;
    for (const { index, distance } of neighbours) {
      const weight = this.spec.weighting === 'uniform' ? 1 : 1 / (distance + 1e-9 * (1 + last));
      votes[this.classOf[index]] += weight;
    }
    const voteTotal = votes.reduce((s, x) => s + x, 0);
    const dMin = neighbours[0].distance;
    const delta = 1e-9 * (1 + dMin);
    const similarity = Array.from(nearestByClass, (d) => (dMin + delta) / (d + delta));
    const similarityTotal = similarity.reduce((s, x) => s + x, 0);
    const scored = state.classes.map((label, c) => ({
      label,
      score: (1 - DISTANCE_SHARE) * (votes[c] / voteTotal) + DISTANCE_SHARE * (similarity[c] / similarityTotal),
      nearest: nearestByClass[c],
    }));
    scored.sort(
      (a, b) => b.score - a.score || a.nearest - b.nearest || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0)
    );
    const scores: ClassScore[] = scored.map(({ label, score }) => ({ label, score }));
    const unknown = state.unknownThreshold !== null && dMin > state.unknownThreshold;
    const neighbourList: Neighbour[] = neighbours.map(({ index, distance }) => ({
      index,
      label: state.labels[index],
      distance,
    }));
    return { label: unknown ? UNKNOWN_LABEL : scores[0].label, unknown, scores, neighbours: neighbourList };
  }

  toJSON(): ClassifierJson {
    if (!this.state) {
      throw new Error('toJSON called before fit: there is no model to save');
    }
    return { format: 'culprit-classifier', version: 1, spec: this.spec, state: this.state };
  }

  /** Restores a fitted state (already validated by `loadClassifier`). */
  static fromState(spec: NeighbourSpec, state: unknown): KnnClassifier {
    const checked = checkKnnState(state);
    const classifier = new KnnClassifier(spec);
    const series = checked.series.map(fromMtsJson);
    classifier.install(
      checked,
      new NearestNeighbourSearch(series, spec.classifier, { windowFraction: checked.windowFraction })
    );
    return classifier;
  }

  private install(state: KnnState, search: NearestNeighbourSearch): void {
    this.state = state;
    this.search = search;
    const index = new Map(state.classes.map((c, i) => [c, i]));
    this.classOf = Int32Array.from(state.labels, (l) => index.get(l)!);
  }
}

/** Linear-interpolation quantile (numpy's default) of a non-empty list. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = q * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

function toMtsJson(s: Mts): MtsJson {
  return { nFeatures: s.nFeatures, length: s.length, values: Array.from(s.values) };
}

function fromMtsJson(s: MtsJson, i: number): Mts {
  if (!Array.isArray(s?.values)) {
    throw new TypeError(`state.series[${i}].values must be an array of numbers`);
  }
  const series = { nFeatures: s.nFeatures, length: s.length, values: Float64Array.from(s.values) };
  assertMts(series, `state.series[${i}]`);
  return series;
}

function checkKnnState(state: unknown): KnnState {
  const s = state as Partial<KnnState> | null;
  if (typeof s !== 'object' || s === null) {
    throw new TypeError('a kNN model state must be an object');
  }
  if (
    !Array.isArray(s.labels) ||
    !Array.isArray(s.series) ||
    s.labels.length !== s.series.length ||
    s.labels.length === 0
  ) {
    throw new TypeError('a kNN model state needs equally long, non-empty "labels" and "series" arrays');
  }
  if (!Array.isArray(s.classes) || [...new Set(s.labels)].sort().join('\u0000') !== [...s.classes].join('\u0000')) {
    throw new TypeError('"classes" must be the sorted distinct labels of the state');
  }
  if (typeof s.windowFraction !== 'number' || !(s.windowFraction >= 0 && s.windowFraction <= 1)) {
    throw new RangeError(`state.windowFraction must be in [0, 1], got ${JSON.stringify(s.windowFraction)}`);
  }
  if (s.unknownThreshold !== null && !(typeof s.unknownThreshold === 'number' && s.unknownThreshold >= 0)) {
    throw new RangeError(
      `state.unknownThreshold must be null or a number ≥ 0, got ${JSON.stringify(s.unknownThreshold)}`
    );
  }
  return s as KnnState;
}
