import type { Classifier, ClassifierJson } from '../core/classifiers/classifier';
import { resolveSpec, type ClassifierSpec, type ClassifierSpecInput } from '../core/classifiers/classifierSpec';
import { createClassifier, loadClassifier } from '../core/classifiers/createClassifier';

/** Validates a classifier spec (a name or `{ classifier, ...settings }`) and fills defaults; throws naming the bad setting. */
export function checkClassifierSpec(input: unknown): ClassifierSpec {
  return resolveSpec(input);
}

/** An unfitted classifier from the core. */
export function newClassifier(spec: ClassifierSpecInput): Classifier {
  return createClassifier(spec);
}

/** A fitted classifier rebuilt from its stored `toJSON()`. */
export function restoreClassifier(json: unknown): Classifier {
  return loadClassifier(json as ClassifierJson);
}
