import type { Classifier } from '../core/classifiers/classifier';
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
