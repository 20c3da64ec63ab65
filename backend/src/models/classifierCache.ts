import type { Classifier } from '../core/classifiers/classifier';
import type { Mts, Prediction } from '../core/types';
import { restoreClassifier } from './coreClassifiers';

/**
 * Fitted classifiers loaded from the store, by model id. A model never changes once stored, so an entry never goes
 * stale; the cache only bounds memory (least recently used out). Hot-swapping the active model is just asking for
 * another id: a diagnosis that started with the old id finishes with it.
 */
export class ClassifierCache {
  private readonly entries = new Map<number, Classifier>();

  constructor(
    private readonly loadJson: (modelId: number) => unknown,
    private readonly capacity = 3
  ) {}

  get(modelId: number): Classifier {
    let classifier = this.entries.get(modelId);
    if (classifier) {
      this.entries.delete(modelId);
    } else {
      const json = this.loadJson(modelId);
      if (json === undefined) {
        throw new RangeError(`no model ${modelId} in the store`);
      }
      classifier = restoreClassifier(json);
    }
    this.entries.set(modelId, classifier);
    while (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value as number);
    }
    return classifier;
  }
}

/** A prediction and the model's unknown threshold (for `unknownAnomaly`), `null` when the classifier has none. */
export interface Classified {
  readonly prediction: Prediction;
  readonly unknownThreshold: number | null;
}

/** Predicts, and reads the unknown threshold of classifiers that have one (the neighbour classifiers). */
export function classifyWith(classifier: Classifier, mts: Mts): Classified {
  const threshold = (classifier as Partial<{ unknownThreshold: number | null }>).unknownThreshold;
  return { prediction: classifier.predict(mts), unknownThreshold: typeof threshold === 'number' ? threshold : null };
}
